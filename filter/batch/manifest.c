/* manifest.c — one JSON line per input entry (JSON Lines, jsonlines.org:
 * one UTF-8 JSON value per line, "\n" after each), built with json-glib.
 *
 *   {"name":"scans/a.jpg","type":"file","size":81234,"sha256":"…",
 *    "outcome":"redacted","findings":{"face":1,"th_id":1},
 *    "sealed":{"file":"vault/ab/ab12….age"}}
 *
 * "out" appears when the entry was written (or sealed) under another
 * name (a safe rename); "reason" when it was dropped or failed; "sealed"
 * is null when the original was not sealed, else the vault file, or the
 * --sealed-out file and the "member" name inside its tar. Findings are
 * counted by kind, keys in byte order, so the same input gives the same
 * line. Like the report, a line never holds an identifier.
 *
 * Names are bytes in an archive; JSON strings are Unicode. A name that is
 * not UTF-8 is written with U+FFFD for each bad byte and "name_hex" with
 * its exact bytes.
 */
#include <string.h>

#include <json-glib/json-glib.h>

#include "internal.h"
#include "batch/batch.h"

static const char *const type_names[] = {
	[ENTRY_FILE] = "file", [ENTRY_DIR] = "directory",
	[ENTRY_SYMLINK] = "symlink", [ENTRY_HARDLINK] = "hardlink",
	[ENTRY_SPECIAL] = "special",
};

/* Adds member key with name as a valid UTF-8 string (and key_hex with
 * the bytes when it was not UTF-8). */
static void add_name(JsonBuilder *b, const char *key, const char *name)
{
	json_builder_set_member_name(b, key);
	if (g_utf8_validate(name, -1, NULL)) {
		json_builder_add_string_value(b, name);
		return;
	}
	char *valid = g_utf8_make_valid(name, -1);
	GString *hex = g_string_new(NULL);
	json_builder_add_string_value(b, valid);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		g_string_append_printf(hex, "%02x", *p);
	char *hex_key = g_strconcat(key, "_hex", NULL);
	json_builder_set_member_name(b, hex_key);
	json_builder_add_string_value(b, hex->str);
	g_free(hex_key);
	g_free(valid);
	g_string_free(hex, TRUE);
}

/* Adds "findings": {kind: count, ...} for res. */
static void add_findings(JsonBuilder *b, const idr_result *res)
{
	GTree *counts = g_tree_new((GCompareFunc)strcmp);

	for (size_t i = 0; i < idr_result_count(res); i++) {
		idr_finding f;
		if (idr_result_finding(res, i, &f) != IDR_OK)
			continue;
		gpointer n = g_tree_lookup(counts, f.kind);
		g_tree_insert(counts, (gpointer)f.kind,
			      GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
	}
	json_builder_set_member_name(b, "findings");
	json_builder_begin_object(b);
	GTreeNode *node = g_tree_node_first(counts);
	for (; node; node = g_tree_node_next(node)) {
		json_builder_set_member_name(b, g_tree_node_key(node));
		json_builder_add_int_value(b, GPOINTER_TO_UINT(g_tree_node_value(node)));
	}
	json_builder_end_object(b);
	g_tree_destroy(counts);
}

char *manifest_format(const manifest_line *l)
{
	JsonBuilder *b = json_builder_new();
	JsonGenerator *gen = json_generator_new();
	JsonNode *root;
	char *text, *line;

	json_builder_begin_object(b);
	add_name(b, "name", l->name);
	if (l->out_name)
		add_name(b, "out", l->out_name);
	json_builder_set_member_name(b, "type");
	json_builder_add_string_value(b, type_names[l->type]);
	if (l->type == ENTRY_FILE) {
		json_builder_set_member_name(b, "size");
		json_builder_add_int_value(b, (gint64)l->size);
		json_builder_set_member_name(b, "sha256");
		json_builder_add_string_value(b, l->sha256);
	}
	json_builder_set_member_name(b, "outcome");
	json_builder_add_string_value(b, l->outcome);
	if (l->reason) {
		json_builder_set_member_name(b, "reason");
		json_builder_add_string_value(b, l->reason);
	}
	if (l->result)
		add_findings(b, l->result);
	json_builder_set_member_name(b, "sealed");
	if (l->sealed_file) {
		json_builder_begin_object(b);
		add_name(b, "file", l->sealed_file);
		if (l->sealed_member)
			add_name(b, "member", l->sealed_member);
		json_builder_end_object(b);
	} else {
		json_builder_add_null_value(b);
	}
	json_builder_end_object(b);

	root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	text = json_generator_to_data(gen, NULL);
	line = g_strconcat(text, "\n", NULL);
	g_free(text);
	json_node_unref(root);
	g_object_unref(gen);
	g_object_unref(b);
	return line;
}
