#include "GitLooseObjects.h"
#include "GitAllocation.h"

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* libgit2 tries its object stores from the highest priority down and stops at the first that has the object. */
#define PACKED_PRIORITY 3
#define CHECK_PRIORITY 2
#define LOOSE_PRIORITY 1
/* libgit2's limit on nested alternates (GIT_ALTERNATES_MAX_DEPTH). */
#define MAX_ALTERNATE_DEPTH 5
/* What libgit2 1.5 inflates first for the header of a loose object (MAX_HEADER_LEN). */
#define HEADER_BYTES 64

int git_loose_objects_set_priorities(void) {
    int status = git_libgit2_opts(GIT_OPT_SET_ODB_PACKED_PRIORITY, PACKED_PRIORITY);
    if (status < 0) return status;
    return git_libgit2_opts(GIT_OPT_SET_ODB_LOOSE_PRIORITY, LOOSE_PRIORITY);
}

typedef struct {
    git_odb_backend parent;
    size_t count;
    char **directories;
    ino_t *inodes;
} loose_check;

typedef enum { ABSENT, READABLE, DAMAGED } verdict;

/* Whether `path` holds a loose object libgit2 can read; when damaged, `problem` says why. */
static verdict check_file(const char *path, char *problem, size_t problem_size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        /* Another failure (permissions, say) is libgit2's to report. */
        return errno == ENOENT || errno == ENOTDIR ? ABSENT : READABLE;
    }
    unsigned char in[16384], out[16384], header[HEADER_BYTES];
    size_t header_length = 0, declared = 0, body = 0, produced = 0;
    int has_header = 0, first_read = 1;
    verdict result = READABLE;
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit(&stream) != Z_OK) {
        close(fd);
        return READABLE;
    }
    int status = Z_OK;
    while (status != Z_STREAM_END) {
        if (stream.avail_in == 0) {
            ssize_t count = read(fd, in, sizeof in);
            if (count < 0 && errno == EINTR) continue;
            if (count < 0) break;  /* libgit2 reports read errors itself */
            if (count == 0) {
                snprintf(problem, problem_size, first_read ? "is empty" : "ends before its compressed data does (the file is truncated)");
                result = DAMAGED;
                break;
            }
            if (first_read && (count < 2 || (in[0] & 0x8F) != 0x08 || ((in[0] << 8) + in[1]) % 31 != 0)) {
                snprintf(problem, problem_size, "is not zlib-compressed as git writes loose objects");
                result = DAMAGED;
                break;
            }
            first_read = 0;
            stream.next_in = in;
            stream.avail_in = (uInt)count;
        }
        stream.next_out = out;
        stream.avail_out = sizeof out;
        status = inflate(&stream, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END && !(status == Z_BUF_ERROR && stream.avail_in == 0)) {
            snprintf(problem, problem_size, "holds data zlib cannot inflate (%s)", stream.msg ? stream.msg : "zlib error");
            result = DAMAGED;
            break;
        }
        size_t length = sizeof out - stream.avail_out;
        produced += length;
        size_t offset = 0;
        if (!has_header) {
            while (offset < length && header_length < HEADER_BYTES && !has_header) {
                has_header = (header[header_length++] = out[offset++]) == 0;
            }
            if (!has_header) {
                if (header_length < HEADER_BYTES) continue;
                snprintf(problem, problem_size, "does not start with an object header");
                result = DAMAGED;
                break;
            }
            /* "<type> <size>\0", as git writes it. */
            char *text = (char *)header, *space = memchr(text, ' ', header_length);
            size_t type_length = space ? (size_t)(space - text) : 0;
            int known = (type_length == 6 && memcmp(text, "commit", 6) == 0) ||
                        (type_length == 4 && (memcmp(text, "tree", 4) == 0 || memcmp(text, "blob", 4) == 0)) ||
                        (type_length == 3 && memcmp(text, "tag", 3) == 0);
            char *end = NULL;
            errno = 0;
            unsigned long long size = known && space[1] >= '0' && space[1] <= '9' ? strtoull(space + 1, &end, 10) : 0;
            if (!known || end != text + header_length - 1 || errno != 0) {
                snprintf(problem, problem_size, "does not start with a valid object header");
                result = DAMAGED;
                break;
            }
            declared = (size_t)size;
        }
        body += length - offset;
        /* An object over the calling thread's allocation ceiling is refused by libgit2 before it reads the body (it
           allocates the declared size and one byte): only its header read must end, which takes HEADER_BYTES bytes
           or the whole stream. A huge object is then not inflated twice. */
        if (has_header && produced >= HEADER_BYTES && declared < SIZE_MAX && git_allocation_refuses(declared + 1)) break;
    }
    if (result == READABLE && status == Z_STREAM_END) {
        unsigned char extra;
        ssize_t more = 0;
        if (stream.avail_in == 0) {
            do more = read(fd, &extra, 1); while (more < 0 && errno == EINTR);
        }
        if (stream.avail_in > 0 || more > 0) {
            snprintf(problem, problem_size, "has data after the end of its compressed object");
            result = DAMAGED;
        } else if (!has_header) {
            snprintf(problem, problem_size, "does not start with an object header");
            result = DAMAGED;
        } else if (body != declared) {
            snprintf(problem, problem_size, "holds %zu bytes where its header says %zu", body, declared);
            result = DAMAGED;
        }
    }
    inflateEnd(&stream);
    close(fd);
    return result;
}

/* The file of the object `hex` (40 digits) in `directory`. */
static void object_path(char *path, size_t size, const char *directory, const char *hex) {
    snprintf(path, size, "%s/%.2s/%s", directory, hex, hex + 2);
}

static int damaged(const char *hex, const char *path, const char *problem) {
    char message[8192];
    snprintf(message, sizeof message,
             "object %s is damaged: its loose file %s %s; `git fsck` lists the damaged objects", hex, path, problem);
    git_error_set_str(GIT_ERROR_ODB, message);
    return GIT_ERROR;
}

/* Every loose copy of the object must be readable, then libgit2 reads it. Which copy libgit2 reads depends on how it
   sorted its loose stores (alternates, such as a push's quarantine, before the repository's own), so a damaged copy
   fails the read even where another copy is sound: the repository needs repair either way. */
static int check_read(void **data, size_t *length, git_object_t *type, git_odb_backend *backend, const git_oid *oid) {
    (void)data; (void)length; (void)type;
    loose_check *check = (loose_check *)backend;
    char hex[GIT_OID_HEXSZ + 1], path[4096], problem[256];
    git_oid_tostr(hex, sizeof hex, oid);
    int found = 0;
    for (size_t index = 0; index < check->count; index++) {
        object_path(path, sizeof path, check->directories[index], hex);
        switch (check_file(path, problem, sizeof problem)) {
        case ABSENT: break;
        case READABLE: found = 1; break;
        case DAMAGED: return damaged(hex, path, problem);
        }
    }
    return found ? GIT_PASSTHROUGH : GIT_ENOTFOUND;
}

/* An abbreviated id: every loose object it could name is checked. */
static int check_read_prefix(git_oid *full, void **data, size_t *length, git_object_t *type, git_odb_backend *backend,
                             const git_oid *prefix, size_t prefix_length) {
    if (prefix_length >= GIT_OID_HEXSZ) {
        git_oid_cpy(full, prefix);
        return check_read(data, length, type, backend, prefix);
    }
    loose_check *check = (loose_check *)backend;
    char hex[GIT_OID_HEXSZ + 1], path[4096], problem[256];
    git_oid_nfmt(hex, prefix_length, prefix);
    hex[prefix_length] = '\0';
    if (prefix_length < 2) return GIT_PASSTHROUGH;
    for (size_t index = 0; index < check->count; index++) {
        snprintf(path, sizeof path, "%s/%.2s", check->directories[index], hex);
        DIR *folder = opendir(path);
        if (!folder) continue;
        struct dirent *entry;
        while ((entry = readdir(folder)) != NULL) {
            if (strlen(entry->d_name) != GIT_OID_HEXSZ - 2 || strncmp(entry->d_name, hex + 2, prefix_length - 2) != 0) continue;
            char name[GIT_OID_HEXSZ + 1];
            snprintf(name, sizeof name, "%.2s%s", hex, entry->d_name);
            char file[4096];
            object_path(file, sizeof file, check->directories[index], name);
            if (check_file(file, problem, sizeof problem) == DAMAGED) {
                closedir(folder);
                return damaged(name, file, problem);
            }
        }
        closedir(folder);
    }
    return GIT_PASSTHROUGH;
}

/* Headers are left to libgit2's loose reader, which inflates one bounded chunk for them and cannot loop. Without a
   read_header of its own the check would make libgit2 read whole objects where it wants their headers. */
static int check_read_header(size_t *length, git_object_t *type, git_odb_backend *backend, const git_oid *oid) {
    (void)length; (void)type; (void)backend; (void)oid;
    return GIT_ENOTFOUND;
}

static void check_free(git_odb_backend *backend) {
    loose_check *check = (loose_check *)backend;
    for (size_t index = 0; index < check->count; index++) free(check->directories[index]);
    free(check->directories);
    free(check->inodes);
    free(check);
}

/* Adds `directory` and, as libgit2's git_odb__add_default_backends and load_alternates do, the alternates it names:
   the file split at CRs and LFs, empty pieces and those starting with '#' skipped, paths starting with '.' relative
   to it at the first level only; directories down to level six are read, the alternates of level six are not. */
static int add_directory(loose_check *check, const char *directory, int depth) {
    struct stat info;
    if (stat(directory, &info) != 0) return 0;
    for (size_t index = 0; index < check->count; index++) {
        if (check->inodes[index] == info.st_ino) return 0;
    }
    char **directories = realloc(check->directories, (check->count + 1) * sizeof *directories);
    if (!directories) return -1;
    check->directories = directories;
    ino_t *inodes = realloc(check->inodes, (check->count + 1) * sizeof *inodes);
    if (!inodes) return -1;
    check->inodes = inodes;
    if (!(check->directories[check->count] = strdup(directory))) return -1;
    check->inodes[check->count++] = info.st_ino;
    if (depth > MAX_ALTERNATE_DEPTH) return 0;

    char path[4096];
    snprintf(path, sizeof path, "%s/info/alternates", directory);
    FILE *file = fopen(path, "re");
    if (!file) return 0;
    char *text = NULL;
    size_t capacity = 0, length = 0, count;
    char chunk[4096];
    while ((count = fread(chunk, 1, sizeof chunk, file)) > 0) {
        if (length + count + 1 > capacity) {
            capacity = (length + count + 1) * 2;
            char *grown = realloc(text, capacity);
            if (!grown) {
                free(text);
                fclose(file);
                return -1;
            }
            text = grown;
        }
        memcpy(text + length, chunk, count);
        length += count;
    }
    fclose(file);
    if (!text) return 0;
    text[length] = '\0';
    int status = 0;
    char *rest = text, *line;
    while (status == 0 && (line = strsep(&rest, "\r\n")) != NULL) {
        if (line[0] == '\0' || line[0] == '#') continue;
        if (line[0] == '.' && depth == 0) {
            char relative[8192];
            snprintf(relative, sizeof relative, "%s/%s", directory, line);
            status = add_directory(check, relative, depth + 1);
        } else {
            status = add_directory(check, line, depth + 1);
        }
    }
    free(text);
    return status;
}

int git_loose_objects_check(git_odb *odb, const char *const *directories, size_t count) {
    loose_check *check = calloc(1, sizeof *check);
    if (!check) {
        git_error_set_oom();
        return GIT_ERROR;
    }
    int status = git_odb_init_backend(&check->parent, GIT_ODB_BACKEND_VERSION);
    for (size_t index = 0; status == 0 && index < count; index++) {
        if (add_directory(check, directories[index], 0) < 0) {
            git_error_set_oom();
            status = GIT_ERROR;
        }
    }
    if (status < 0) {
        check_free(&check->parent);
        return status;
    }
    check->parent.read = check_read;
    check->parent.read_prefix = check_read_prefix;
    check->parent.read_header = check_read_header;
    check->parent.free = check_free;
    status = git_odb_add_backend(odb, &check->parent, CHECK_PRIORITY);
    if (status < 0) check_free(&check->parent);
    return status;
}
