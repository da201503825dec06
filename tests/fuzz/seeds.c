/* seeds.c — seed corpora for the libFuzzer targets of tests/fuzz/, made
 * by the project (the image seeds come from tests/corpus.c):
 *
 *   fuzz-seeds SAMPLES OUT
 *
 * writes OUT/ids (the printed values and MRZ lines of every sample in
 * SAMPLES, one sample a file, laid out as fuzz_ids.c reads them),
 * OUT/keys (recipients and identity texts, good and bad) and OUT/open
 * (files sealed to FUZZ_RECIPIENT at chunk-boundary sizes, and to other
 * recipients). Prints how many files it wrote.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "internal.h"
#include "fuzz.h"

static int written;

/* Writes len bytes of data to dir/name; exits on failure. */
static void put(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = g_build_filename(dir, name, NULL);
	GError *e = NULL;

	if (!g_file_set_contents(path, data, (gssize)len, &e)) {
		fprintf(stderr, "fuzz-seeds: %s: %s\n", path, e->message);
		exit(1);
	}
	written++;
	g_free(path);
}

/* One line as fuzz_ids.c reads it: x, gap and size bytes, then text. */
static void add_line(GString *s, int k, const char *text)
{
	g_string_append_c(s, (char)(4 + (k * 7) % 40));
	g_string_append_c(s, (char)(16 + (k % 3) * 8));
	g_string_append_c(s, (char)(20 + k % 11));
	g_string_append(s, text);
	g_string_append_c(s, '\n');
}

/* OUT/ids: one file per sample JSON in samples. */
static void ids_seeds(const char *samples, const char *out)
{
	GDir *d = g_dir_open(samples, 0, NULL);
	const char *name;

	if (!d) {
		fprintf(stderr, "fuzz-seeds: cannot open %s\n", samples);
		exit(1);
	}
	while ((name = g_dir_read_name(d))) {
		if (!g_str_has_suffix(name, ".json"))
			continue;
		char *path = g_build_filename(samples, name, NULL);
		JsonParser *p = json_parser_new();
		GString *s = g_string_new(NULL);
		int k = 0;
		if (json_parser_load_from_file(p, path, NULL)) {
			JsonObject *o = json_node_get_object(json_parser_get_root(p));
			JsonArray *items = json_object_has_member(o, "items")
				? json_object_get_array_member(o, "items") : NULL;
			for (guint i = 0; items && i < json_array_get_length(items); i++) {
				JsonObject *it = json_array_get_object_element(items, i);
				if (json_object_has_member(it, "printed"))
					add_line(s, k++, json_object_get_string_member(it, "printed"));
				if (json_object_has_member(it, "lines")) {
					JsonArray *ls = json_object_get_array_member(it, "lines");
					for (guint j = 0; j < json_array_get_length(ls); j++)
						add_line(s, k++, json_array_get_string_element(ls, j));
				}
			}
		}
		if (s->len)
			put(out, name, s->str, s->len);
		g_string_free(s, TRUE);
		g_object_unref(p);
		g_free(path);
	}
	g_dir_close(d);
}

/* OUT/keys: recipients and identity texts. */
static void keys_seeds(const char *out)
{
	const char *texts[] = {
		FUZZ_RECIPIENT,
		FUZZ_IDENTITY,
		"# created: 2026-01-01T00:00:00Z\n# public key: " FUZZ_RECIPIENT
		"\n" FUZZ_IDENTITY "\n",
		FUZZ_OTHER_IDENTITY "\r\n\r\n" FUZZ_IDENTITY "\r\n",
		"age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
		"AGE-SECRET-KEY-1QQQQ",
		"A1LQFN3A", /* BIP 173 valid vector */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		char name[16];
		snprintf(name, sizeof name, "key-%zu", i);
		put(out, name, texts[i], strlen(texts[i]));
	}
	char *lower = g_ascii_strdown(FUZZ_IDENTITY, -1);
	put(out, "key-lower", lower, strlen(lower));
	g_free(lower);
}

/* Returns data sealed to the recipients (g_malloc'ed, *len bytes). */
static unsigned char *seal(const char *const *r, size_t n, const void *data,
			   size_t size, size_t *len)
{
	int in = memfd_create("plain", MFD_CLOEXEC), out = memfd_create("sealed", MFD_CLOEXEC);
	idr_error err = { 0 };

	if (write(in, data, size) != (ssize_t)size || lseek(in, 0, SEEK_SET) != 0 ||
	    idr_seal_fd(r, n, in, out, &err) != IDR_OK) {
		fprintf(stderr, "fuzz-seeds: sealing failed: %s\n", err.message);
		exit(1);
	}
	*len = (size_t)lseek(out, 0, SEEK_END);
	unsigned char *buf = g_malloc(*len);
	if (pread(out, buf, *len, 0) != (ssize_t)*len)
		exit(1);
	close(in);
	close(out);
	return buf;
}

/* OUT/open: sealed files. Sizes stay small: libFuzzer's default
 * max_len is taken from the largest seed. */
static void open_seeds(const char *out)
{
	static const size_t sizes[] = { 0, 1, 100, 4000 };
	char *other = NULL, *other_id = NULL;
	unsigned char plain[4000];

	for (size_t i = 0; i < sizeof plain; i++)
		plain[i] = (unsigned char)(i * 31 + 7);
	idr_keygen(&other_id, &other, NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
		const char *one[] = { FUZZ_RECIPIENT };
		const char *two[] = { other, FUZZ_RECIPIENT };
		char name[32];
		size_t len;
		unsigned char *s = seal(one, 1, plain, sizes[i], &len);
		snprintf(name, sizeof name, "sealed-%zu", sizes[i]);
		put(out, name, s, len);
		g_free(s);
		s = seal(two, 2, plain, sizes[i], &len);
		snprintf(name, sizeof name, "sealed2-%zu", sizes[i]);
		put(out, name, s, len);
		g_free(s);
	}
	idr_free_secret(other_id);
	idr_free(other);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: fuzz-seeds SAMPLES OUT\n");
		return 64;
	}
	const char *dirs[] = { "ids", "keys", "open" };
	char *d[3];
	for (int i = 0; i < 3; i++) {
		d[i] = g_build_filename(argv[2], dirs[i], NULL);
		g_mkdir_with_parents(d[i], 0755);
	}
	ids_seeds(argv[1], d[0]);
	keys_seeds(d[1]);
	open_seeds(d[2]);
	printf("fuzz-seeds: %d files in %s\n", written, argv[2]);
	for (int i = 0; i < 3; i++)
		g_free(d[i]);
	return 0;
}
