#ifndef GIT_LOOSE_OBJECTS_H
#define GIT_LOOSE_OBJECTS_H

#include <stddef.h>

typedef struct git_odb git_odb;

/* libgit2 1.5 loops forever when a loose object's compressed data ends early (a truncated file: libgit2 issue
   7342, fixed in later releases), and copies past its buffer when a loose object's header gives a smaller size
   than the object has (issue 7177). A check before libgit2's loose reader closes both: it inflates the object's
   file once and fails the read, naming the object, the file and what is wrong, when the file is damaged; an
   intact file is then read by libgit2 as before. Packed objects are never checked (packs are read first). */

/* Orders libgit2's object stores packs first, then the check, then loose objects. Call once, after
   git_libgit2_init and before any repository is opened. Returns libgit2's status. */
int git_loose_objects_set_priorities(void);

/* Adds the check to `odb`, for the loose objects of `directories` (object directories, e.g. ".git/objects")
   and of the alternates they name, as libgit2 finds them. Returns libgit2's status. */
int git_loose_objects_check(git_odb *odb, const char *const *directories, size_t count);

#endif
