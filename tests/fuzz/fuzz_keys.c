/* fuzz_keys.c — libFuzzer target: key and recipient text, as they come
 * from -r, -R files and identity files: age_parse_recipient() and
 * bech32_decode() (bech32.c), seal_recipient_valid() and the identity
 * parser behind idr_open_fd() (age.c), fed the input as text.
 *
 * Checked besides the sanitizers: what parses round-trips (a decoded
 * recipient encodes back to the same lower-case string), and an identity
 * text is either refused with IDR_ERR_CRYPTO or opens the seeds' file
 * only when it holds FUZZ_IDENTITY. */
#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "age.h"
#include "internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A small file sealed to FUZZ_RECIPIENT, made once. */
static int sealed_fd(void)
{
	static unsigned char *sealed;
	static size_t len;
	int fd;

	if (!sealed) {
		const char *r[] = { FUZZ_RECIPIENT };
		int in = memfd_create("plain", MFD_CLOEXEC);
		int out = memfd_create("sealed", MFD_CLOEXEC);
		assert(write(in, "fuzz", 4) == 4 && lseek(in, 0, SEEK_SET) == 0);
		assert(idr_seal_fd(r, 1, in, out, NULL) == IDR_OK);
		len = (size_t)lseek(out, 0, SEEK_END);
		sealed = g_malloc(len);
		assert(pread(out, sealed, len, 0) == (ssize_t)len);
		close(in);
		close(out);
	}
	fd = memfd_create("sealed", MFD_CLOEXEC);
	assert(write(fd, sealed, len) == (ssize_t)len && lseek(fd, 0, SEEK_SET) == 0);
	return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size); /* stops at a NUL */
	unsigned char point[AGE_KEY], buf[128];
	size_t len = 0;
	idr_error err = { 0 };

	if (age_parse_recipient(text, point)) {
		char *back = bech32_encode("age", point, AGE_KEY, false);
		assert(back && strcmp(back, text) == 0);
		g_free(back);
	}
	(void)seal_recipient_valid(text);
	if (bech32_decode(text, "AGE-SECRET-KEY-", buf, sizeof buf, &len))
		assert(len <= sizeof buf);
	if (bech32_decode(text, "age", buf, sizeof buf, &len))
		assert(len <= sizeof buf);

	int in = sealed_fd(), out = memfd_create("plain", MFD_CLOEXEC);
	idr_status st = idr_open_fd(text, in, out, &err);
	assert(st == IDR_OK || st == IDR_ERR_CRYPTO);
	if (st == IDR_OK) /* Bech32 is canonical: only that key opens it */
		assert(strstr(text, FUZZ_IDENTITY));
	close(in);
	close(out);
	g_free(text);
	return 0;
}
