/* check_models.c — model files checked against the models/ manifests
 * (filter/models.c), including the once-per-process memory of a file
 * that matched: a model changed after it was checked must be caught by
 * the next check in the same process, not waved through. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* The Debian path of a listed model (models/tessdata.manifest). */
#define THA "/usr/share/tesseract-ocr/5/tessdata/tha.traineddata"

static char dir[64];
static char copy[96];

static void setup(void)
{
	gchar *data = NULL;
	gsize size = 0;

	g_strlcpy(dir, "/tmp/check-models-XXXXXX", sizeof dir);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(copy, sizeof copy, "%s/tha.traineddata", dir);
	ck_assert(g_file_get_contents(THA, &data, &size, NULL));
	ck_assert(g_file_set_contents(copy, data, (gssize)size, NULL));
	g_free(data);
}

static void teardown(void)
{
	unlink(copy);
	rmdir(dir);
}

/* Changes one byte in the middle of path, in place: same size, same
 * inode. */
static void flip_byte(const char *path)
{
	int fd = open(path, O_RDWR);
	unsigned char c;
	off_t mid;

	ck_assert_int_ge(fd, 0);
	mid = lseek(fd, 0, SEEK_END) / 2;
	ck_assert_int_eq(pread(fd, &c, 1, mid), 1);
	c ^= 0x5a;
	ck_assert_int_eq(pwrite(fd, &c, 1, mid), 1);
	close(fd);
}

START_TEST(copy_matches_then_changed_copy_fails)
{
	idr_error err = { 0 };

	/* Old enough to be remembered once it matched (models.c remembers
	 * no file changed in the last two seconds). */
	sleep(3);
	/* A copy elsewhere is known by its name and must match. */
	ck_assert_int_eq(models_verify(copy, &err), IDR_OK);
	/* Checked again, unchanged: remembered, still fine. */
	ck_assert_int_eq(models_verify(copy, &err), IDR_OK);
	/* Changed in place (same size and inode): caught by the next check
	 * of the same process. */
	flip_byte(copy);
	ck_assert_int_eq(models_verify(copy, &err), IDR_ERR_MODEL);
	ck_assert_msg(strstr(err.message, "does not match its checksum"),
		      "message: %s", err.message);
	/* Put back as it was: matches again. */
	flip_byte(copy);
	ck_assert_int_eq(models_verify(copy, &err), IDR_OK);
}
END_TEST

START_TEST(missing_model_names_its_package)
{
	idr_error err = { 0 };
	char gone[96];

	snprintf(gone, sizeof gone, "%s/kor.traineddata", dir);
	ck_assert_int_eq(models_verify(gone, &err), IDR_ERR_MODEL);
	ck_assert_msg(strstr(err.message, "tesseract-ocr-kor"), "message: %s",
		      err.message);
}
END_TEST

Suite *models_suite(void)
{
	Suite *s = suite_create("models");
	TCase *tc = tcase_create("verify");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, copy_matches_then_changed_copy_fails);
	tcase_add_test(tc, missing_model_names_its_package);
	suite_add_tcase(s, tc);
	return s;
}
