/* The C standard output stream, which Swift 6 code may not name (a mutable C global). */
#include <errno.h>
#include <stdio.h>

/* Flushes stdout: 0 when everything printed so far was written, else the errno of the failure (EIO when the
   failure was an earlier implicit flush whose errno is gone). */
static inline int git_vep_flush_stdout(void) {
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
    return errno != 0 ? errno : EIO;
}
