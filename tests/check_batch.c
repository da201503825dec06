/* check_batch.c — tests of filter/batch/: safe names and duplicate
 * renames (names.c), image sniffing, manifest lines (manifest.c), the
 * sealed tar of originals opened again (sealed_tar.c), archives and
 * directories written and read back (sink.c, source.c), and idr_batch_run
 * on entries that need no OCR. Redaction of real archives, hostile
 * archives and the program are tested end to end in tests/e2e/batch*.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "age.h"
#include "internal.h"
#include "batch/batch.h"

Suite *batch_suite(void); /* called by the generated runner */

/* ---------------------------------------------------------- helpers */

/* Returns a fresh temporary directory (g_malloc'ed). */
static char *temp_dir(void)
{
	char *dir = g_build_filename(g_get_tmp_dir(), "check_batch-XXXXXX", NULL);

	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

/* Returns the number of names in dir. */
static int count_names(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while (g_dir_read_name(d))
		n++;
	g_dir_close(d);
	return n;
}

static void remove_tree(const char *path)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", path);
	ck_assert_int_eq(system(cmd), 0);
	g_free(cmd);
}

/* ------------------------------------------------------------- names */

START_TEST(test_safe_names)
{
	static const struct { const char *in, *out; bool changed; } cases[] = {
		{ "a/b.jpg", "a/b.jpg", false },
		{ "./a/b.jpg", "./a/b.jpg", false },
		{ "dir/", "dir", false },
		{ "../evil.jpg", "__/evil.jpg", true },
		{ "/etc/passwd", "etc/passwd", true },
		{ "///abs//x", "abs/x", true },
		{ "a/../../b", "a/__/__/b", true },
		{ "..", "__", true },
		{ "/", "_", true },
		{ "", "_", true },
		{ "..a/b..", "..a/b..", false }, /* not a ".." component */
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		bool changed = !cases[i].changed;
		char *got = names_safe(cases[i].in, &changed);
		ck_assert_msg(strcmp(got, cases[i].out) == 0, "%s -> %s, expected %s",
			      cases[i].in, got, cases[i].out);
		ck_assert_msg(changed == cases[i].changed, "%s: changed %d",
			      cases[i].in, changed);
		g_free(got);
	}
}
END_TEST

START_TEST(test_duplicate_names)
{
	name_set *set = name_set_new();
	static const char *const seq[][2] = {
		{ "a/b.jpg", "a/b.jpg" }, { "a/b.jpg", "a/b~2.jpg" },
		{ "a/b.jpg", "a/b~3.jpg" }, { "a/b~2.jpg", "a/b~2~2.jpg" },
		{ "x.tar.gz", "x.tar.gz" }, { "x.tar.gz", "x.tar~2.gz" },
		{ ".profile", ".profile" }, { ".profile", ".profile~2" },
		{ "d.x/noext", "d.x/noext" }, { "d.x/noext", "d.x/noext~2" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(seq); i++) {
		char *got = name_set_claim(set, seq[i][0]);
		ck_assert_str_eq(got, seq[i][1]);
		g_free(got);
	}
	name_set_free(set);
}
END_TEST

START_TEST(test_is_image)
{
	static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0 };
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n....";
	static const unsigned char webp[] = "RIFF\0\0\0\0WEBPVP8 ";
	static const unsigned char heic[] = "\0\0\0\x18" "ftypheic\0\0";
	static const unsigned char mp4[] = "\0\0\0\x18" "ftypisom\0\0";
	static const unsigned char text[] = "hello";

	ck_assert(names_is_image("x", jpeg, sizeof jpeg));
	ck_assert(names_is_image("x.txt", png, sizeof png - 1));
	ck_assert(names_is_image("x", webp, sizeof webp - 1));
	ck_assert(names_is_image("x", heic, sizeof heic - 1));
	ck_assert(!names_is_image("x.mp4", mp4, sizeof mp4 - 1));
	ck_assert(!names_is_image("notes.txt", text, 5));
	/* A name that says image is an image, whatever its bytes: it will
	 * fail to decode rather than pass as a non-image. */
	ck_assert(names_is_image("scan.JPG", text, 5));
	ck_assert(names_is_image("a/b.tiff", text, 5));
	ck_assert(!names_is_image("jpg", text, 5));
}
END_TEST

/* ---------------------------------------------------------- manifest */

START_TEST(test_manifest_line)
{
	manifest_line l = {
		.name = "bad\xff name.txt", .out_name = "x\ny.txt",
		.type = ENTRY_FILE, .size = 12, .sha256 = "ab", .outcome = "dropped",
		.reason = "not an image", .sealed_file = "orig.age",
		.sealed_member = "x\ny.txt",
	};
	char *text = manifest_format(&l);
	JsonParser *p = json_parser_new();

	ck_assert(g_str_has_suffix(text, "}\n"));
	ck_assert_ptr_eq(strchr(text, '\n'), text + strlen(text) - 1); /* one line */
	ck_assert(json_parser_load_from_data(p, text, -1, NULL));
	JsonObject *o = json_node_get_object(json_parser_get_root(p));
	ck_assert_str_eq(json_object_get_string_member(o, "name_hex"),
			 "626164ff206e616d652e747874");
	ck_assert_str_eq(json_object_get_string_member(o, "out"), "x\ny.txt");
	ck_assert_int_eq(json_object_get_int_member(o, "size"), 12);
	ck_assert_str_eq(json_object_get_string_member(o, "outcome"), "dropped");
	JsonObject *s = json_object_get_object_member(o, "sealed");
	ck_assert_str_eq(json_object_get_string_member(s, "member"), "x\ny.txt");
	g_object_unref(p);
	g_free(text);

	/* A directory: no size or hash, sealed null. */
	manifest_line d = { .name = "d/", .type = ENTRY_DIR, .outcome = "passed" };
	text = manifest_format(&d);
	ck_assert_str_eq(text, "{\"name\":\"d/\",\"type\":\"directory\","
			 "\"outcome\":\"passed\",\"sealed\":null}\n");
	g_free(text);
}
END_TEST

/* -------------------------------------------------------- sealed tar */

/* Returns a NULL-terminated list holding the recipient of a fresh
 * identity; *identity gets its text. */
static char **fresh_recipient(char **identity)
{
	char *recipient = NULL;
	char **list = g_new0(char *, 2);

	ck_assert_int_eq(idr_keygen(identity, &recipient, NULL), IDR_OK);
	list[0] = g_strdup(recipient);
	idr_free(recipient);
	return list;
}

START_TEST(test_sealed_tar_round_trip)
{
	char *dir = temp_dir(), *identity = NULL;
	char *path = g_build_filename(dir, "orig.age", NULL);
	char **recipients = fresh_recipient(&identity);
	sealed_tar *st = NULL;
	size_t big_size = 3 * AGE_CHUNK + 123;
	unsigned char *big = g_malloc(big_size);

	randombytes_buf(big, big_size);
	ck_assert_int_eq(sealed_tar_open(path, recipients, &st, NULL), IDR_OK);
	/* Nothing under the final name until the commit. */
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(sealed_tar_add(st, "a.jpg", 1700000000, "abc", 3, NULL), IDR_OK);
	ck_assert_int_eq(sealed_tar_add(st, "d/big.png", 0, big, big_size, NULL), IDR_OK);
	ck_assert_int_eq(sealed_tar_add(st, "empty", 0, "", 0, NULL), IDR_OK);
	ck_assert_int_eq(sealed_tar_commit(st, NULL), IDR_OK);
	sealed_tar_abort(st); /* frees only, after a commit */
	ck_assert_int_eq(count_names(dir), 1);

	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	int in = open(path, O_RDONLY), out = memfd_create("plain", 0);
	ck_assert_int_eq(idr_open_fd(identity, in, out, NULL), IDR_OK);
	close(in);
	lseek(out, 0, SEEK_SET);

	struct archive *ar = archive_read_new();
	struct archive_entry *ae;
	archive_read_support_format_tar(ar);
	ck_assert_int_eq(archive_read_open_fd(ar, out, 65536), ARCHIVE_OK);
	static const char *const names[] = { "a.jpg", "d/big.png", "empty" };
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(archive_read_next_header(ar, &ae), ARCHIVE_OK);
		ck_assert_str_eq(archive_entry_pathname(ae), names[i]);
		size_t n = (size_t)archive_entry_size(ae);
		unsigned char *got = g_malloc(n + 1);
		ck_assert_int_eq(archive_read_data(ar, got, n), (la_ssize_t)n);
		if (i == 0)
			ck_assert_mem_eq(got, "abc", 3);
		if (i == 1) {
			ck_assert_uint_eq(n, big_size);
			ck_assert_mem_eq(got, big, big_size);
		}
		g_free(got);
	}
	ck_assert_int_eq(archive_read_next_header(ar, &ae), ARCHIVE_EOF);
	archive_read_free(ar);
	close(out);

	/* An aborted tar leaves nothing. */
	char *path2 = g_build_filename(dir, "other.age", NULL);
	ck_assert_int_eq(sealed_tar_open(path2, recipients, &st, NULL), IDR_OK);
	ck_assert_int_eq(sealed_tar_add(st, "a.jpg", 0, big, big_size, NULL), IDR_OK);
	sealed_tar_abort(st);
	ck_assert_int_eq(count_names(dir), 1);

	/* A file that appeared under the name meanwhile (an earlier run's
	 * originals) is never replaced (security review, issue 18, item 3). */
	ck_assert_int_eq(sealed_tar_open(path2, recipients, &st, NULL), IDR_OK);
	ck_assert_int_eq(sealed_tar_add(st, "a.jpg", 0, "abc", 3, NULL), IDR_OK);
	ck_assert(g_file_set_contents(path2, "earlier", -1, NULL));
	idr_error err = { 0 };
	ck_assert_int_eq(sealed_tar_commit(st, &err), IDR_ERR_CANTCREATE);
	ck_assert_ptr_nonnull(strstr(err.message, "exists"));
	sealed_tar_abort(st);
	char *kept = NULL;
	ck_assert(g_file_get_contents(path2, &kept, NULL, NULL));
	ck_assert_str_eq(kept, "earlier");
	g_free(kept);
	ck_assert_int_eq(count_names(dir), 2); /* no temporary left */

	idr_free_secret(identity);
	g_strfreev(recipients);
	g_free(big);
	g_free(path2);
	g_free(path);
	remove_tree(dir);
	g_free(dir);
}
END_TEST

/* ------------------------------------------------------ sink, source */

START_TEST(test_sink_source_round_trip)
{
	static const char *const outs[] = { "o.tar", "o.tar.gz", "o.tar.xz",
					    "o.tar.zst", "o.zip", "o.pax", "odir" };
	char *dir = temp_dir();

	for (size_t k = 0; k < G_N_ELEMENTS(outs); k++) {
		char *out = g_build_filename(dir, outs[k], NULL);
		batch_sink *sink = NULL;
		batch_source *src = NULL;
		batch_entry e;
		bool done = false;

		ck_assert_int_eq(sink_open(out, NULL, &sink, NULL), IDR_OK);
		ck_assert_int_ne(access(out, F_OK), 0); /* temporary name only */
		ck_assert_int_eq(sink_write(sink, "d", ENTRY_DIR, 1700000000, NULL, 0, NULL), IDR_OK);
		ck_assert_int_eq(sink_write(sink, "d/a.png", ENTRY_FILE, 1700000000, "0123456789", 10, NULL), IDR_OK);
		ck_assert_int_eq(sink_write(sink, "b.txt", ENTRY_FILE, 0, "xy", 2, NULL), IDR_OK);
		ck_assert_int_eq(sink_commit(sink, NULL), IDR_OK);
		sink_abort(sink);

		/* Read back with a cap of 5 bytes: a.png is over it. */
		ck_assert_int_eq(source_open(out, 5, &src, NULL), IDR_OK);
		static const char *const arch[] = { "d/", "d/a.png", "b.txt" };
		static const char *const walk[] = { "b.txt", "d", "d/a.png" };
		const char *const *want = strcmp(outs[k], "odir") == 0 ? walk : arch;
		for (int i = 0; i < 3; i++) {
			ck_assert_int_eq(source_next(src, &e, &done, NULL), IDR_OK);
			ck_assert(!done);
			ck_assert_msg(strcmp(e.name, want[i]) == 0, "%s: entry %d is %s",
				      outs[k], i, e.name);
			if (strcmp(e.name, "d/a.png") == 0) {
				ck_assert(e.over_cap);
				ck_assert_ptr_null(e.data);
				ck_assert_uint_eq(e.stored_size, 10);
				/* sha256("0123456789") */
				ck_assert_str_eq(e.sha256, "84d89877f0d4041efb6bf91a16f0248f"
						 "2fd573e6af05c19f96bedb9f882f7882");
				ck_assert_int_eq(e.mtime, 1700000000);
			}
			if (strcmp(e.name, "b.txt") == 0) {
				ck_assert(!e.over_cap);
				ck_assert_uint_eq(e.size, 2);
				ck_assert_mem_eq(e.data, "xy", 2);
			}
			batch_entry_clear(&e);
		}
		ck_assert_int_eq(source_next(src, &e, &done, NULL), IDR_OK);
		ck_assert(done);
		if (strcmp(outs[k], "odir") == 0)
			ck_assert_uint_eq(source_total_entries(src), 3);
		source_close(src);
		g_free(out);
	}
	/* Only the outputs, no temporaries. */
	ck_assert_int_eq(count_names(dir), (int)G_N_ELEMENTS(outs));
	remove_tree(dir);
	g_free(dir);
}
END_TEST

START_TEST(test_sink_abort_and_refusals)
{
	char *dir = temp_dir();
	char *out = g_build_filename(dir, "o.tar", NULL);
	char *odir = g_build_filename(dir, "full", NULL);
	char *inner = g_build_filename(odir, "x", NULL);
	batch_sink *sink = NULL;
	idr_error err = { 0 };

	ck_assert_int_eq(sink_open(out, NULL, &sink, NULL), IDR_OK);
	ck_assert_int_eq(sink_write(sink, "a", ENTRY_FILE, 0, "a", 1, NULL), IDR_OK);
	sink_abort(sink);
	ck_assert_int_eq(count_names(dir), 0);

	/* A directory OUT must not exist with something in it. */
	ck_assert_int_eq(mkdir(odir, 0700), 0);
	ck_assert(g_file_set_contents(inner, "x", 1, NULL));
	ck_assert_int_eq(sink_open(odir, NULL, &sink, &err), IDR_ERR_CANTCREATE);
	ck_assert_ptr_null(sink);
	ck_assert_int_eq(count_names(dir), 1);

	/* In a directory output, "a" as a file then "a/b": the second fails
	 * alone, and a symlink planted in the tree is never followed. */
	unlink(inner);
	ck_assert_int_eq(sink_open(odir, NULL, &sink, NULL), IDR_OK);
	ck_assert_int_eq(sink_write(sink, "a", ENTRY_FILE, 0, "a", 1, NULL), IDR_OK);
	ck_assert_int_eq(sink_write(sink, "a/b", ENTRY_FILE, 0, "b", 1, &err), IDR_ERR_CANTCREATE);
	ck_assert_int_eq(sink_write(sink, "c", ENTRY_FILE, 0, "c", 1, NULL), IDR_OK);
	ck_assert_int_eq(sink_commit(sink, NULL), IDR_OK);
	sink_abort(sink);
	ck_assert_int_eq(count_names(odir), 2);

	/* "empty/" names an existing empty directory: filled in place of it,
	 * the temporary beside it (not inside). */
	char *empty = g_build_filename(dir, "empty", NULL);
	char *slash = g_strconcat(empty, "/", NULL);
	ck_assert_int_eq(mkdir(empty, 0700), 0);
	ck_assert_int_eq(sink_open(slash, NULL, &sink, NULL), IDR_OK);
	ck_assert_int_eq(sink_write(sink, "a", ENTRY_FILE, 0, "a", 1, NULL), IDR_OK);
	ck_assert_int_eq(sink_commit(sink, NULL), IDR_OK);
	sink_abort(sink);
	ck_assert_int_eq(count_names(empty), 1);
	ck_assert_int_eq(count_names(dir), 2);
	g_free(slash);
	g_free(empty);

	g_free(inner);
	g_free(odir);
	g_free(out);
	remove_tree(dir);
	g_free(dir);
}
END_TEST

START_TEST(test_directory_walk)
{
	char *dir = temp_dir();
	char *cmd = g_strdup_printf(
		"cd '%s' && mkdir -p in/b in/a && echo 1 > in/b/z.txt && "
		"echo 2 > in/a/y.txt && echo 3 > in/c.txt && ln -s /etc/passwd in/l && "
		"mkfifo in/f && ln -s /etc in/a/dirlink", dir);
	char *in = g_build_filename(dir, "in", NULL);
	batch_source *src = NULL;
	batch_entry e;
	bool done = false;
	static const struct { const char *name; entry_type type; } want[] = {
		{ "a", ENTRY_DIR }, { "a/dirlink", ENTRY_SYMLINK },
		{ "a/y.txt", ENTRY_FILE }, { "b", ENTRY_DIR },
		{ "b/z.txt", ENTRY_FILE }, { "c.txt", ENTRY_FILE },
		{ "f", ENTRY_SPECIAL }, { "l", ENTRY_SYMLINK },
	};

	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(source_open(in, 1 << 20, &src, NULL), IDR_OK);
	ck_assert_uint_eq(source_total_entries(src), G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
		ck_assert_int_eq(source_next(src, &e, &done, NULL), IDR_OK);
		ck_assert(!done);
		ck_assert_str_eq(e.name, want[i].name);
		ck_assert_int_eq(e.type, want[i].type);
		ck_assert(e.type == ENTRY_FILE || e.data == NULL);
		batch_entry_clear(&e);
	}
	ck_assert_int_eq(source_next(src, &e, &done, NULL), IDR_OK);
	ck_assert(done);
	source_close(src);
	g_free(in);
	g_free(cmd);
	remove_tree(dir);
	g_free(dir);
}
END_TEST

/* ------------------------------------------------------- idr_batch_run */

/* A batch of entries that need no OCR: non-images passed, dropped and
 * sealed; the manifest has one line per entry; OUT as expected. */
START_TEST(test_batch_run_non_images)
{
	char *dir = temp_dir(), *identity = NULL;
	char **recipients = fresh_recipient(&identity);
	char *in = g_build_filename(dir, "in.tar", NULL);
	char *out = g_build_filename(dir, "out.tar", NULL);
	char *vault = g_build_filename(dir, "vault", NULL);
	batch_sink *w = NULL;
	idr_options *opts = idr_options_new();
	idr_batch *b = NULL;
	idr_batch_progress sum;
	int mfd = memfd_create("manifest", 0);

	ck_assert_int_eq(sink_open(in, NULL, &w, NULL), IDR_OK);
	ck_assert_int_eq(sink_write(w, "docs", ENTRY_DIR, 0, NULL, 0, NULL), IDR_OK);
	ck_assert_int_eq(sink_write(w, "docs/a.txt", ENTRY_FILE, 0, "aaa", 3, NULL), IDR_OK);
	ck_assert_int_eq(sink_write(w, "docs/a.txt", ENTRY_FILE, 0, "bbb", 3, NULL), IDR_OK);
	ck_assert_int_eq(sink_write(w, "b.pdf", ENTRY_FILE, 0, "%PDF-1.4", 8, NULL), IDR_OK);
	ck_assert_int_eq(sink_commit(w, NULL), IDR_OK);
	sink_abort(w);

	ck_assert_int_eq(idr_options_add_recipient(opts, recipients[0], NULL), IDR_OK);
	ck_assert_int_eq(idr_options_set_vault(opts, vault, NULL), IDR_OK);
	ck_assert_int_eq(idr_batch_new(opts, &b, NULL), IDR_OK);
	idr_batch_set_jobs(b, 1);
	idr_batch_set_manifest_fd(b, mfd);
	ck_assert_int_eq(idr_batch_run(b, in, out, &sum, NULL), IDR_OK);
	ck_assert_uint_eq(sum.entries_done, 4);
	ck_assert_uint_eq(sum.dropped, 3);
	ck_assert_uint_eq(sum.passed, 1);
	ck_assert_uint_eq(sum.failed, 0);

	/* The manifest: 4 lines; the duplicate renamed; 3 sealed. */
	size_t len = (size_t)lseek(mfd, 0, SEEK_CUR);
	char *text = g_malloc0(len + 1);
	ck_assert_int_eq(pread(mfd, text, len, 0), (ssize_t)len);
	char **lines = g_strsplit(text, "\n", -1);
	ck_assert_uint_eq(g_strv_length(lines), 5);
	ck_assert_ptr_nonnull(strstr(lines[2], "\"out\":\"docs/a~2.txt\""));
	ck_assert_ptr_nonnull(strstr(lines[3], "\"sealed\":{\"file\":"));
	ck_assert_ptr_nonnull(strstr(lines[0], "\"outcome\":\"passed\""));
	g_strfreev(lines);
	g_free(text);

	/* --non-images pass: the files come out as they were. */
	ck_assert_int_eq(ftruncate(mfd, 0), 0);
	idr_batch_set_non_images(b, IDR_NON_IMAGES_PASS);
	ck_assert_int_eq(idr_batch_run(b, in, out, &sum, NULL), IDR_OK);
	ck_assert_uint_eq(sum.passed, 4);
	batch_source *src = NULL;
	batch_entry e;
	bool done;
	ck_assert_int_eq(source_open(out, 100, &src, NULL), IDR_OK);
	static const char *const names[] = { "docs/", "docs/a.txt", "docs/a~2.txt", "b.pdf" };
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(source_next(src, &e, &done, NULL), IDR_OK);
		ck_assert_str_eq(e.name, names[i]);
		if (i == 2)
			ck_assert_mem_eq(e.data, "bbb", 3);
		batch_entry_clear(&e);
	}
	source_close(src);

	close(mfd);
	idr_batch_free(b);
	idr_options_free(opts);
	idr_free_secret(identity);
	g_strfreev(recipients);
	g_free(vault);
	g_free(out);
	g_free(in);
	remove_tree(dir);
	g_free(dir);
}
END_TEST

Suite *batch_suite(void)
{
	Suite *s = suite_create("batch");
	TCase *names = tcase_create("names");
	TCase *files = tcase_create("files");
	TCase *run = tcase_create("run");

	tcase_add_test(names, test_safe_names);
	tcase_add_test(names, test_duplicate_names);
	tcase_add_test(names, test_is_image);
	tcase_add_test(names, test_manifest_line);
	tcase_add_test(files, test_sealed_tar_round_trip);
	tcase_add_test(files, test_sink_source_round_trip);
	tcase_add_test(files, test_sink_abort_and_refusals);
	tcase_add_test(files, test_directory_walk);
	tcase_add_test(run, test_batch_run_non_images);
	tcase_set_timeout(run, 60);
	suite_add_tcase(s, names);
	suite_add_tcase(s, files);
	suite_add_tcase(s, run);
	return s;
}
