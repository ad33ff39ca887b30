#include "GitAllocation.h"

#include <git2.h>
#include <git2/sys/alloc.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local size_t limit;

size_t git_allocation_limit_thread(size_t bytes) {
    size_t previous = limit;
    limit = bytes;
    return previous;
}

/* Allocations below this are never refused: only object buffers need refusing, and libgit2 1.5 does not
   recover every small one (the delta-base cache leaks an entry whose map could not grow). */
#define SMALLEST_REFUSED (64 * 1024)

/* NULL, with libgit2's out-of-memory error set as its own allocator does, when `bytes` is over the limit. */
static int refused(size_t bytes) {
    if (!git_allocation_refuses(bytes)) return 0;
    git_error_set_oom();
    return 1;
}

int git_allocation_refuses(size_t bytes) {
    return limit != 0 && bytes > limit && bytes >= SMALLEST_REFUSED;
}

static void *checked(void *pointer) {
    if (pointer == NULL) git_error_set_oom();
    return pointer;
}

static void *allocation_malloc(size_t bytes, const char *file, int line) {
    (void)file; (void)line;
    return refused(bytes) ? NULL : checked(malloc(bytes));
}

static void *allocation_calloc(size_t count, size_t size, const char *file, int line) {
    size_t bytes;
    (void)file; (void)line;
    if (__builtin_mul_overflow(count, size, &bytes)) { git_error_set_oom(); return NULL; }
    return refused(bytes) ? NULL : checked(calloc(count, size));
}

static char *allocation_substrdup(const char *text, size_t length, const char *file, int line) {
    size_t bytes;
    char *copy;
    (void)file; (void)line;
    if (__builtin_add_overflow(length, 1, &bytes)) { git_error_set_oom(); return NULL; }
    if (refused(bytes) || (copy = checked(malloc(bytes))) == NULL) return NULL;
    memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

static char *allocation_strdup(const char *text, const char *file, int line) {
    return allocation_substrdup(text, strlen(text), file, line);
}

static char *allocation_strndup(const char *text, size_t length, const char *file, int line) {
    return allocation_substrdup(text, strnlen(text, length), file, line);
}

static void *allocation_realloc(void *pointer, size_t bytes, const char *file, int line) {
    (void)file; (void)line;
    return refused(bytes) ? NULL : checked(realloc(pointer, bytes));
}

static void *allocation_reallocarray(void *pointer, size_t count, size_t size, const char *file, int line) {
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) { git_error_set_oom(); return NULL; }
    return allocation_realloc(pointer, bytes, file, line);
}

static void *allocation_mallocarray(size_t count, size_t size, const char *file, int line) {
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) { git_error_set_oom(); return NULL; }
    return allocation_malloc(bytes, file, line);
}

static void allocation_free(void *pointer) {
    free(pointer);
}

int git_allocation_install(void) {
    git_allocator allocator = {
        allocation_malloc, allocation_calloc, allocation_strdup, allocation_strndup, allocation_substrdup,
        allocation_realloc, allocation_reallocarray, allocation_mallocarray, allocation_free,
    };
    return git_libgit2_opts(GIT_OPT_SET_ALLOCATOR, &allocator);
}
