#ifndef JOBSIFT_CZLIB_SHIM_H
#define JOBSIFT_CZLIB_SHIM_H

#include <zlib.h>

// inflateInit2 is a macro that passes the library version and struct size; Swift cannot expand it.
static inline int jobsift_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

#endif
