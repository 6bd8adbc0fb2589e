// glibc's malloc.h, which Swift's Glibc module leaves out: malloc_trim returns the free pages of
// every arena to the system, and mallopt fixes the size above which a block gets its own mapping,
// so a long run's resident memory follows what it holds, not its past.
#include <malloc.h>
