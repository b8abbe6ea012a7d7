// libarchive (Debian's libarchive-dev): ss reads the compressed AIPs Archivematica makes
// through it rather than through a decompressor of its own.
#include <archive.h>
#include <archive_entry.h>
