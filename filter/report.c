/* report.c — the JSON report of one result, built with json-glib.
 *
 * It never holds a plaintext identifier (SPEC §3): kind, country, box,
 * confidence, checksum verdict, and at most the last two characters.
 */
#include <math.h>

#include <json-glib/json-glib.h>

#include "internal.h"

/* Bumped when a member changes meaning or goes away (adding one does not). */
#define REPORT_VERSION 1

/* Returns the report as a g_malloc'ed JSON string. */
char *report_json(const char *format, int width, int height, int pages,
		  const GArray *found, const char *sealed_path,
		  const page_geometry *geo)
{
	JsonBuilder *b = json_builder_new();
	JsonGenerator *gen = json_generator_new();
	JsonNode *root;
	char *text;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "version");
	json_builder_add_int_value(b, REPORT_VERSION);
	json_builder_set_member_name(b, "format");
	json_builder_add_string_value(b, format ? format : "");
	json_builder_set_member_name(b, "width");
	json_builder_add_int_value(b, width);
	json_builder_set_member_name(b, "height");
	json_builder_add_int_value(b, height);
	/* Pages stack top to bottom: page p's boxes have y from
	 * p * height / pages. */
	json_builder_set_member_name(b, "pages");
	json_builder_add_int_value(b, pages);
	if (geo) {
		/* How the page was read: the text was levelled (skew undone)
		 * and turned clockwise by turn before OCR. */
		json_builder_set_member_name(b, "geometry");
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "turn");
		json_builder_add_int_value(b, geo->turn);
		json_builder_set_member_name(b, "skew");
		json_builder_add_double_value(b, round(geo->skew * 10) / 10);
		json_builder_set_member_name(b, "blocks");
		json_builder_add_int_value(b, geo->blocks);
		json_builder_set_member_name(b, "readings");
		json_builder_add_int_value(b, geo->readings);
		json_builder_set_member_name(b, "decided_by");
		json_builder_add_string_value(b, geo->source ? geo->source : "");
		json_builder_set_member_name(b, "languages");
		json_builder_add_string_value(b, geo->languages ? geo->languages : "");
		json_builder_end_object(b);
	}
	json_builder_set_member_name(b, "findings");
	json_builder_begin_array(b);
	for (guint i = 0; found && i < found->len; i++) {
		const finding *f = &g_array_index(found, finding, i);
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "kind");
		json_builder_add_string_value(b, f->kind);
		json_builder_set_member_name(b, "country");
		json_builder_add_string_value(b, f->country ? f->country : "");
		json_builder_set_member_name(b, "box");
		json_builder_begin_array(b);
		json_builder_add_int_value(b, f->box.x);
		json_builder_add_int_value(b, f->box.y);
		json_builder_add_int_value(b, f->box.w);
		json_builder_add_int_value(b, f->box.h);
		json_builder_end_array(b);
		if (f->tilted) {
			json_builder_set_member_name(b, "quad");
			json_builder_begin_array(b);
			for (int k = 0; k < 4; k++) {
				json_builder_begin_array(b);
				json_builder_add_int_value(b, lround(f->quad[k][0]));
				json_builder_add_int_value(b, lround(f->quad[k][1]));
				json_builder_end_array(b);
			}
			json_builder_end_array(b);
		}
		json_builder_set_member_name(b, "confidence");
		json_builder_add_double_value(b, (int)(f->confidence * 100 + 0.5) / 100.0);
		json_builder_set_member_name(b, "checksum");
		if (f->checksum < 0)
			json_builder_add_null_value(b);
		else
			json_builder_add_boolean_value(b, f->checksum == 1);
		if (kind_is_code(f->kind)) {
			json_builder_set_member_name(b, "decoded");
			json_builder_add_boolean_value(b, f->decoded);
		}
		if (f->tail[0]) {
			json_builder_set_member_name(b, "tail");
			json_builder_add_string_value(b, f->tail);
		}
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "sealed");
	if (sealed_path)
		json_builder_add_string_value(b, sealed_path);
	else
		json_builder_add_null_value(b);
	json_builder_end_object(b);

	root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	text = json_generator_to_data(gen, NULL);
	json_node_unref(root);
	g_object_unref(gen);
	g_object_unref(b);
	return text;
}
