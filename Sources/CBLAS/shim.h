// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). Found through pkg-config's openblas.pc.
#include <cblas.h>

/// Asks the CPU to start fetching the cache line holding `p` (decoding's attention reads cached keys and values
/// from scattered slots, which the hardware prefetcher cannot predict).
static inline void lorabook_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }
