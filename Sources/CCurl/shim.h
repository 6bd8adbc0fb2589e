#ifndef JOBSIFT_CCURL_SHIM_H
#define JOBSIFT_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic macros, which Swift cannot call;
// these typed wrappers pass each kind of argument through.

typedef size_t (*jobsift_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode jobsift_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode jobsift_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode jobsift_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode jobsift_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode jobsift_setopt_write_callback(CURL *handle, CURLoption option, jobsift_curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode jobsift_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode jobsift_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
