/* fields.c — the values of labelled personal fields (name, date of birth,
 * address): what follows a field's label on its line, or the next line
 * when the label stands alone or the address goes on.
 *
 * Interface (ids.h): fields_find(), has_field_label().
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text/ids.h"

static const char *const name_labels[] = {
	"name", "surname", "givennames", "ชื่อตัวและชื่อสกุล", "ชื่อ",
	"นามสกุล", "họvàtên", "họtên", "성명", "이름", "nama", "pangalan",
	"apelyido", "姓名", "氏名", NULL
};
static const char *const dob_labels[] = {
	"dateofbirth", "birthdate", "dob", "เกิดวันที่", "ngàysinh",
	"ngày,tháng,nămsinh", "생년월일", "tanggallahir", "tgl.lahir",
	"petsangkapanganakan", "出生日期", "出生", "生年月日", NULL
};
static const char *const address_labels[] = {
	"address", "ที่อยู่", "nơithườngtrú", "placeofresidence", "quêquán",
	"placeoforigin", "nơicưtrú", "주소", "alamat", "tirahan", "住址",
	"住所", NULL
};

static const struct {
	const char *kind;
	const char *const *labels;
	bool continues; /* the value may go on over the next line */
} field_kinds[] = {
	{ "name", name_labels, false },
	{ "dob", dob_labels, false },
	{ "address", address_labels, true },
};

/* Returns the index of the cell after the last label of labels on the
 * line, or -1 when none occurs. */
static int label_end(const line_ctx *lc, const char *const *labels)
{
	GString *text = g_string_new(NULL);
	GArray *owner = g_array_new(FALSE, FALSE, sizeof(int));
	int end = -1;

	/* The line squashed cell by cell, remembering whose bytes are whose;
	 * NFKD both sides so composed and decomposed marks compare equal. */
	for (guint i = 0; i < lc->cells->len; i++) {
		gunichar c = g_array_index(lc->cells, cell, i).ch;
		char utf8[8] = { 0 };
		g_unichar_to_utf8(c, utf8);
		char *piece = squash(utf8);
		g_string_append(text, piece);
		for (size_t b = 0; piece[b]; b++)
			g_array_append_val(owner, i);
		g_free(piece);
	}
	for (const char *const *l = labels; *l; l++) {
		char *label = squash(*l);
		for (const char *at = strstr(text->str, label); at;
		     at = strstr(at + 1, label)) {
			size_t last = (size_t)(at - text->str) + strlen(label) - 1;
			end = MAX(end, g_array_index(owner, int, last) + 1);
		}
		g_free(label);
	}
	g_string_free(text, TRUE);
	g_array_free(owner, TRUE);
	return end;
}

/* Returns true when the cell can open a field's value. */
static bool value_char(gunichar c)
{
	return !g_unichar_isspace(c) && c != ':' && c != '.' && c != '/' &&
	       c != '-' && c != '|' && c != '\n';
}

/* Masks the values of labelled fields on the line; *next_kind gets the
 * field kind whose value is on the next line (label alone at the end, or
 * an address going on), or NULL. */
void fields_find(const line_ctx *lc, GArray *found,
			const char **next_kind)
{
	*next_kind = NULL;
	for (size_t k = 0; k < G_N_ELEMENTS(field_kinds); k++) {
		if (!kind_set_has(lc->kinds, field_kinds[k].kind))
			continue;
		int at = label_end(lc, field_kinds[k].labels);
		if (at < 0)
			continue;
		int n = (int)lc->cells->len;
		while (at < n &&
		       !value_char(g_array_index(lc->cells, cell, at).ch))
			at++;
		int last = at;
		while (last + 1 < n &&
		       g_array_index(lc->cells, cell, last + 1).ch != '\n')
			last++;
		if (at >= n) {
			*next_kind = field_kinds[k].kind;
			continue;
		}
		finding f = { 0 };
		f.kind = field_kinds[k].kind;
		f.country = "";
		f.box = cells_box(lc, at, last);
		f.confidence = 0.6;
		f.checksum = -1;
		g_array_append_val(found, f);
		if (field_kinds[k].continues)
			*next_kind = field_kinds[k].kind;
	}
}

/* Returns true when the line carries a label of any field kind. */
bool has_field_label(const line_ctx *lc)
{
	for (size_t k = 0; k < G_N_ELEMENTS(field_kinds); k++)
		if (has_label(lc->text, field_kinds[k].labels))
			return true;
	return false;
}
