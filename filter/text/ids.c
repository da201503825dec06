/* ids.c — the recognisers that turn what OCR read into findings: national
 * ID numbers, telecom identifiers, phone numbers, machine-readable zones and
 * the values of labelled personal fields. This file reads a page in order;
 * the pieces live beside it in filter/text/:
 *   kinds.c   the kinds table, kind sets, check and plausibility functions
 *   shapes.c  shapes and the OCR confusions a shape forgives
 *   lines.c   reading one line: cells, groups, context, candidates
 *   mrz.c     machine-readable zones and the document numbers they carry
 *   mrz_person.c  the holder's names and birth date a zone carries, found
 *             again in the visual zone
 *   fields.c  the values of labelled personal fields
 *   layouts.c personal lines by where they sit on a known document
 * and share what they must through ids.h.
 *
 * Interface (internal.h): kind_set_parse(), kind_set_free(), kind_set_has(),
 * kind_names(), ids_check() (kinds.c) and ids_find() (here).
 *
 * Check digits and plausibility only change the confidence; they never
 * decide whether something is masked — except that an IMSI, which has no
 * check at all, needs a known country code or a label.
 *
 * Findings carry tail = "" always: the report may hold at most the last two
 * characters, and holding none is the safer choice for a redaction tool.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text/ids.h"

/* Appends a finding for every identifier on page: MRZ lines first (their
 * document numbers are then looked for in the other lines), then per
 * line the numbers (the personal numbers the MRZ carries last, over
 * what the readings of the line left); then the labelled fields over the
 * whole page (a value sits beside or under its label, not on the next
 * line read), the personal lines the document type's layout places
 * without a label, and last the holder's names and birth date wherever
 * the visual zone repeats the MRZ's. */
void ids_find(const ocr_page *page, const kind_set *kinds, GArray *found)
{
	if (!page || !page->lines || !page->lines->len)
		return;
	guint nl = page->lines->len;
	bool *is_mrz = g_new0(bool, nl);
	idr_rect *mrz_box = g_new0(idr_rect, nl); /* of each MRZ line's finding */
	GPtrArray *docs = g_ptr_array_new_with_free_func(g_free);
	GArray *cands = g_array_new(FALSE, FALSE, sizeof(candidate));
	char *countries = page_countries(page);
	line_ctx lc;

	for (guint i = 0; i < nl; i++) {
		line_open(&lc, page, (int)i, kinds, countries);
		is_mrz[i] = mrz_find(&lc, MRZ_BESIDE_NOT, docs, found,
				     &mrz_box[i]);
		line_close(&lc);
	}
	/* Lines beside an MRZ line, until no more join (TD1 has three). */
	for (bool grew = true; grew;) {
		grew = false;
		for (guint i = 0; i < nl; i++) {
			int beside = MRZ_BESIDE_NOT;
			idr_rect me = g_array_index(page->lines, ocr_line, i).box;
			for (guint j = 0; j < nl && !is_mrz[i]; j++) {
				idr_rect it = g_array_index(page->lines, ocr_line,
							    j).box;
				if (!is_mrz[j] || !mrz_adjacent(me, it))
					continue;
				/* MRZ lines run the same width (a caption
				 * above the zone does not) and start at the
				 * zone's edge (a line OCR read only in part
				 * still does). */
				if (10 * me.w >= 7 * it.w)
					beside = MRZ_BESIDE_SAME_WIDTH;
				else if (abs(me.x - it.x) <= it.h &&
					 beside == MRZ_BESIDE_NOT)
					beside = MRZ_BESIDE_LEFT_ALIGNED;
			}
			if (beside == MRZ_BESIDE_NOT)
				continue;
			line_open(&lc, page, (int)i, kinds, countries);
			is_mrz[i] = mrz_find(&lc, beside, docs, found, &mrz_box[i]);
			grew = grew || is_mrz[i];
			line_close(&lc);
		}
	}
	mrz_zones(page, is_mrz, mrz_box, found);
	for (guint i = 0; i < nl; i++) {
		if (is_mrz[i])
			continue;
		line_open(&lc, page, (int)i, kinds, countries);
		guint from = found->len;
		g_array_set_size(cands, 0);
		docno_find(&lc, docs, false, found);
		span_candidates(&lc, cands);
		keep_best(&lc, cands, found);
		keep_leftovers(&lc, found);
		keep_touching(&lc, found);
		keep_symbols(&lc, found);
		keep_past_garble(&lc, found);
		keep_lost_head(&lc, found);
		keep_lost_tail(&lc, found);
		keep_short_runs(&lc, found);
		keep_foreign_ends(&lc, found);
		keep_bracketed_checks(&lc, found);
		keep_labelled_rest(&lc, found);
		docno_find(&lc, docs, true, found);
		keep_whole_words(&lc, found, from);
		line_close(&lc);
	}
	fields_find(page, kinds, countries, is_mrz, found);
	layouts_find(page, kinds, countries, found);
	mrz_person_find(page, is_mrz, kinds, countries, found);
	g_array_free(cands, TRUE);
	g_ptr_array_free(docs, TRUE);
	g_free(is_mrz);
	g_free(mrz_box);
	g_free(countries);
}
