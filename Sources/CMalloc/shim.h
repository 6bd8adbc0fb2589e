// glibc's malloc.h, which Swift's Glibc module leaves out: malloc_trim returns the free pages of
// every arena to the system, so a long run's resident memory follows what it holds, not its past.
#include <malloc.h>
