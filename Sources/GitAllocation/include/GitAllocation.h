#ifndef GIT_ALLOCATION_H
#define GIT_ALLOCATION_H

#include <stddef.h>

/* Routes libgit2's allocations through a function that can refuse large ones on one thread, so an object is
   read whole when it is small and never allocated when it is huge, without first walking its delta chain
   for its size (git_odb_read_header). Call once, after git_libgit2_init. Returns libgit2's status. */
int git_allocation_install(void);

/* Allocations above `bytes` (and above 64 KiB) made by libgit2 on the calling thread fail (0: no limit).
   Returns the previous limit. */
size_t git_allocation_limit_thread(size_t bytes);

/* Whether an allocation of `bytes` made by libgit2 on the calling thread would fail now. */
int git_allocation_refuses(size_t bytes);

#endif
