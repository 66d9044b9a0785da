// zlib's inflate interface (Debian: zlib1g-dev), used to read METEOR's gzip paraphrase table.
#include <zlib.h>
