// Open MPI's C interface (Debian: libopenmpi-dev). Found through pkg-config's ompi-c.pc.
// Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, ...) are macros over addresses of globals, which Swift cannot
// import, so they are returned by the inline functions below.
#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

static inline MPI_Comm lorabook_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype lorabook_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype lorabook_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype lorabook_mpi_int(void) { return MPI_INT; }
static inline MPI_Datatype lorabook_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op lorabook_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op lorabook_mpi_min(void) { return MPI_MIN; }
static inline void *lorabook_mpi_in_place(void) { return MPI_IN_PLACE; }
