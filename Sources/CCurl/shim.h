#ifndef JOBSIFT_CCURL_SHIM_H
#define JOBSIFT_CCURL_SHIM_H

#include <dlfcn.h>
#include <pthread.h>
#include <curl/curl.h>

// libcurl is opened with dlopen when the first URL is fetched, not linked: loading it with the
// TLS, Kerberos and LDAP libraries it needs took about 6 ms from every run of jobsift, and only
// URL inputs use it. Every call goes through this table of its functions.

typedef struct {
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *handle);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
} jobsift_curl_functions;

static inline jobsift_curl_functions *jobsift_curl_table(void) {
    static jobsift_curl_functions functions;
    return &functions;
}

// Opens libcurl and runs curl_global_init, once; the table stays empty when either fails.
static inline void jobsift_curl_open(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return;
    CURLcode (*global_init)(long) = (CURLcode (*)(long))dlsym(library, "curl_global_init");
    jobsift_curl_functions found = {
        (CURL *(*)(void))dlsym(library, "curl_easy_init"),
        (CURLcode (*)(CURL *, CURLoption, ...))dlsym(library, "curl_easy_setopt"),
        (CURLcode (*)(CURL *))dlsym(library, "curl_easy_perform"),
        (CURLcode (*)(CURL *, CURLINFO, ...))dlsym(library, "curl_easy_getinfo"),
        (void (*)(CURL *))dlsym(library, "curl_easy_cleanup"),
        (const char *(*)(CURLcode))dlsym(library, "curl_easy_strerror"),
    };
    if (global_init == NULL || found.easy_init == NULL || found.easy_setopt == NULL || found.easy_perform == NULL
        || found.easy_getinfo == NULL || found.easy_cleanup == NULL || found.easy_strerror == NULL
        || global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        return;
    }
    *jobsift_curl_table() = found;
}

// True once libcurl is open and initialised; the first call opens it. Every other function here
// may be called only after this returned true.
static inline int jobsift_curl_available(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, jobsift_curl_open);
    return jobsift_curl_table()->easy_init != NULL;
}

static inline CURL *jobsift_easy_init(void) { return jobsift_curl_table()->easy_init(); }
static inline CURLcode jobsift_easy_perform(CURL *handle) { return jobsift_curl_table()->easy_perform(handle); }
static inline void jobsift_easy_cleanup(CURL *handle) { jobsift_curl_table()->easy_cleanup(handle); }
static inline const char *jobsift_easy_strerror(CURLcode code) { return jobsift_curl_table()->easy_strerror(code); }

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call; these typed
// wrappers pass each kind of argument through.

typedef size_t (*jobsift_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode jobsift_setopt_long(CURL *handle, CURLoption option, long value) {
    return jobsift_curl_table()->easy_setopt(handle, option, value);
}

static inline CURLcode jobsift_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return jobsift_curl_table()->easy_setopt(handle, option, value);
}

static inline CURLcode jobsift_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return jobsift_curl_table()->easy_setopt(handle, option, value);
}

static inline CURLcode jobsift_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return jobsift_curl_table()->easy_setopt(handle, option, value);
}

static inline CURLcode jobsift_setopt_write_callback(CURL *handle, CURLoption option, jobsift_curl_write_callback callback) {
    return jobsift_curl_table()->easy_setopt(handle, option, callback);
}

static inline CURLcode jobsift_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return jobsift_curl_table()->easy_getinfo(handle, info, value);
}

static inline CURLcode jobsift_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return jobsift_curl_table()->easy_getinfo(handle, info, value);
}

#endif
