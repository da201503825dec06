/* fuzz_open.c — libFuzzer target: a sealed file, as `idredact open`
 * reads it, through idr_open_fd() (age.c: header lines, stanzas, MAC,
 * STREAM chunks). Seeds: files sealed by seeds.c to FUZZ_RECIPIENT.
 *
 * Checked besides the sanitizers: the status is one the header promises
 * for idr_open_fd, and plaintext comes out only in whole verified chunks
 * (at most the input's length, and a failure after the header released
 * a multiple of 64 KiB). */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "idredact.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int in = memfd_create("fuzz-in", MFD_CLOEXEC);
	int out = memfd_create("fuzz-out", MFD_CLOEXEC);
	idr_error err = { 0 };
	struct stat sb;

	assert(in >= 0 && out >= 0);
	assert(write(in, data, size) == (ssize_t)size);
	assert(lseek(in, 0, SEEK_SET) == 0);
	/* Two identities, the matching one second: both are tried. */
	idr_status st = idr_open_fd(FUZZ_OTHER_IDENTITY "\n" FUZZ_IDENTITY "\n",
				    in, out, &err);
	assert(st == IDR_OK || st == IDR_ERR_CRYPTO);
	assert(st == IDR_OK || err.message[0] != '\0');
	assert(fstat(out, &sb) == 0);
	assert((size_t)sb.st_size <= size);
	if (st != IDR_OK)
		assert(sb.st_size % (64 * 1024) == 0);
	close(in);
	close(out);
	return 0;
}
