#ifndef CFILEIO_H
#define CFILEIO_H
#include <sys/types.h>

/// syncfs(2): makes every file of the filesystem holding `fd` durable in one call.
int cfileio_syncfs(int fd);
/// sync_file_range(2) with SYNC_FILE_RANGE_WRITE: starts writeback without waiting.
int cfileio_start_writeback(int fd);
/// posix_fadvise(POSIX_FADV_SEQUENTIAL) on the whole file.
int cfileio_advise_sequential(int fd);

/// renameat2(2) with RENAME_NOREPLACE: fails with EEXIST rather than replace `newpath`.
int cfileio_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
/// renameat2(2) with RENAME_EXCHANGE: swaps the two entries, both of which must exist.
int cfileio_rename_exchange(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

#endif
