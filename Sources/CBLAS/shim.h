// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). Found through pkg-config's openblas.pc.
#include <cblas.h>
