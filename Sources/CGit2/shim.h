#include <git2.h>
#include <git2/sys/repository.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one fixed-argument wrapper per option used. */
static inline int cgit2_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/* Memory ceilings: the object cache and the mapped pack windows count toward a process's resident size. */
static inline int cgit2_set_cache_max_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
}

static inline int cgit2_set_mwindow_mapped_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, bytes);
}

static inline int cgit2_set_mwindow_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, bytes);
}

static inline int cgit2_set_cache_object_limit(git_object_t type, size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, bytes);
}

/* Repository extensions git-vep can honour although libgit2 1.5 does not know them: each changes only how git
   writes (worktreeConfig's per-worktree file is added by GitKit, partialClone's fetches are run by GitKit, and
   preciousObjects forbids pruning, which git-vep never does). */
static inline int cgit2_accept_extensions(void) {
    const char *extensions[] = { "worktreeconfig", "partialclone", "preciousobjects" };
    return git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, extensions, (size_t)3);
}

static inline int cgit2_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}
