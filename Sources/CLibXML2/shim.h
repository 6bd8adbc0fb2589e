#ifndef JOBSIFT_CLIBXML2_SHIM_H
#define JOBSIFT_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU; its ICU declarations clash with Foundation's, and jobsift
// never needs them, so the flag is cleared before the other headers are read.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

// xmlFree is a global function pointer, which Swift 6 strict concurrency refuses to touch.
static inline void jobsift_xmlFree(void *pointer) {
    xmlFree(pointer);
}

#endif
