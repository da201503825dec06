/* check_kinds.c — tests of filter/text/kinds.c: the check functions on
 * worked examples (IDENTIFIERS.md, python-stdnum 1.18 run by hand, or
 * computed with a separate short script — never with kinds.c itself) and
 * the kind sets --kinds parses.
 */
#include <string.h>

#include <check.h>

#include "internal.h"

Suite *kinds_suite(void); /* called by the generated runner */

/* ------------------------------------------------------ check functions */

typedef struct check_case {
	const char *kind;
	const char *value;
	int want;
} check_case;

static const check_case check_cases[] = {
	/* Thailand: IDENTIFIERS.md worked example; the rest from
	 * stdnum.th.pin.calc_check_digit (python-stdnum 1.18). */
	{ "th_id", "3100600445635", 1 },
	{ "th_id", "1101700203841", 1 },
	{ "th_id", "3500100998879", 1 },
	{ "th_id", "5719900012342", 1 },
	{ "th_id", "3100600445634", 0 },
	{ "th_id", "1101700203842", 0 },
	{ "th_id", "3500100998897", 0 }, /* last two swapped */
	{ "th_id", "310060044563", 0 },  /* 12 digits */
	{ "th_id", "31006004456A5", 0 },
	/* Singapore: FormSG's vector (IDENTIFIERS.md) and more from a
	 * separate script; S7654321: 126 mod 11 = 5 -> F by hand. */
	{ "sg_nric", "S1234567D", 1 },
	{ "sg_nric", "T1234567J", 1 },
	{ "sg_nric", "F1234567N", 1 },
	{ "sg_nric", "G1234567X", 1 },
	{ "sg_nric", "M1234567K", 1 },
	{ "sg_nric", "S7654321F", 1 },
	{ "sg_nric", "T0212345I", 1 },
	{ "sg_nric", "F9876543M", 1 },
	{ "sg_nric", "G5551234K", 1 },
	{ "sg_nric", "M0000001Q", 1 },
	{ "sg_nric", "S1234567A", 0 },
	{ "sg_nric", "T1234567D", 0 },
	{ "sg_nric", "G1234567N", 0 },
	{ "sg_nric", "M1234567X", 0 },
	{ "sg_nric", "A1234567D", 0 },  /* no such prefix */
	{ "sg_nric", "S123456D", 0 },   /* 6 digits */
	/* Korea: IDENTIFIERS.md; python-stdnum kr.rrn accepts the others. */
	{ "kr_rrn", "9001011234568", 1 },
	{ "kr_rrn", "8503151234566", 1 },
	{ "kr_rrn", "0112314234565", 1 },
	{ "kr_rrn", "7707152123458", 1 },
	{ "kr_rrn", "9001011234567", 0 },
	{ "kr_rrn", "8503151234565", 0 },
	{ "kr_rrn", "850315123456", 0 },
	/* Hong Kong: IDENTIFIERS.md; the rest from a separate script. */
	{ "hk_id", "A1234563", 1 },
	{ "hk_id", "AB9876543", 1 },
	{ "hk_id", "C6686689", 1 },
	{ "hk_id", "Z000001A", 1 },
	{ "hk_id", "G7654323", 1 },
	{ "hk_id", "A1234564", 0 },
	{ "hk_id", "AB9876542", 0 },
	{ "hk_id", "C668668A", 0 },
	/* Taiwan: IDENTIFIERS.md; the rest from a separate script. */
	{ "tw_id", "A123456789", 1 },
	{ "tw_id", "A800000014", 1 },
	{ "tw_id", "F131365587", 1 },
	{ "tw_id", "Z298765438", 1 },
	{ "tw_id", "A123456788", 0 },
	{ "tw_id", "F131365586", 0 },
	{ "tw_id", "B876543210", 0 },
	/* China: python-stdnum cn.ric / iso7064.mod_11_2. */
	{ "cn_ric", "11010519491231002X", 1 },
	{ "cn_ric", "360426199101010071", 1 },
	{ "cn_ric", "440304198001011239", 1 },
	{ "cn_ric", "110101199003079999", 1 },
	{ "cn_ric", "110105194912310021", 0 },
	{ "cn_ric", "360426199101010072", 0 },
	{ "cn_ric", "44030419800101123X", 0 },
	/* Japan: IDENTIFIERS.md; the rest from a separate script. */
	{ "jp_mynumber", "621498320257", 1 },
	{ "jp_mynumber", "123456789018", 1 },
	{ "jp_mynumber", "987654321093", 1 },
	{ "jp_mynumber", "111111111118", 1 },
	{ "jp_mynumber", "621498320258", 0 },
	{ "jp_mynumber", "123456789010", 0 },
	{ "jp_mynumber", "98765432109", 0 },
	/* India: python-stdnum verhoeff. */
	{ "in_aadhaar", "234123412346", 1 },
	{ "in_aadhaar", "499999999993", 1 },
	{ "in_aadhaar", "876543210988", 1 },
	{ "in_aadhaar", "300000000001", 1 },
	{ "in_aadhaar", "234123412345", 0 },
	{ "in_aadhaar", "876543210989", 0 },
	{ "in_aadhaar", "123412341234", 0 }, /* cannot start with 1 */
	/* IMEI and ICCID: python-stdnum luhn / imei. */
	{ "imei", "490154203237518", 1 },
	{ "imei", "354178036859789", 1 },
	{ "imei", "860000000000009", 1 },
	{ "imei", "990000000000002", 1 },
	{ "imei", "490154203237519", 0 },
	{ "imei", "354178036859788", 0 },
	{ "imei", "86000000000000", 0 },
	{ "iccid", "8901260862291477114", 1 },
	{ "iccid", "8966011234567890120", 1 },
	{ "iccid", "89650123456789012343", 1 },
	{ "iccid", "8901260862291477115", 0 },
	{ "iccid", "8966011234567890121", 0 },
	{ "iccid", "1901260862291477114", 0 },
	/* ICAO 9303 specimens (parts 4-6), field + check digit. */
	{ "mrz_check", "L898902C36", 1 },
	{ "mrz_check", "7408122", 1 },
	{ "mrz_check", "1204159", 1 },
	{ "mrz_check", "D231458907", 1 },
	{ "mrz_check", "ZE184226B<<<<<1", 1 },
	{ "mrz_check", "L898902C35", 0 },
	{ "mrz_check", "7408123", 0 },
	{ "mrz_check", "1204158", 0 },
	{ "mrz_check", "l898902c36", 0 }, /* not MRZ characters */
	/* Kinds without a check digit, and unknown kinds. */
	{ "vn_cccd", "001090001234", -1 },
	{ "my_nric", "870102105678", -1 },
	{ "id_nik", "3171015708450001", -1 },
	{ "phone", "0812345678", -1 },
	{ "no_such_kind", "123", -1 },
};

START_TEST(test_check_table)
{
	const check_case *c = &check_cases[_i];
	ck_assert_msg(ids_check(c->kind, c->value) == c->want,
		      "%s %s: want %d", c->kind, c->value, c->want);
}
END_TEST

/* ------------------------------------------------------------ kind sets */

START_TEST(test_kind_sets)
{
	kind_set *set = NULL;
	idr_error err = { 0 };

	ck_assert_int_eq(kind_set_parse(NULL, &set, &err), IDR_OK);
	ck_assert(kind_set_has(set, "th_id") && kind_set_has(set, "face"));
	kind_set_free(set);

	ck_assert_int_eq(kind_set_parse("sg_nric, telecom", &set, &err),
			 IDR_OK);
	ck_assert(kind_set_has(set, "sg_nric"));
	ck_assert(kind_set_has(set, "imei") && kind_set_has(set, "phone"));
	ck_assert(!kind_set_has(set, "th_id") && !kind_set_has(set, "qr"));
	kind_set_free(set);

	ck_assert_int_eq(kind_set_parse("ids,bogus", &set, &err),
			 IDR_ERR_USAGE);
	ck_assert_ptr_null(set);
	ck_assert_ptr_nonnull(strstr(err.message, "bogus"));

	/* Every advertised name parses on its own. */
	gchar **names = g_strsplit(kind_names(), ",", -1);
	for (gchar **n = names; *n; n++) {
		ck_assert_msg(kind_set_parse(*n, &set, &err) == IDR_OK, "%s", *n);
		kind_set_free(set);
	}
	g_strfreev(names);
}
END_TEST

Suite *kinds_suite(void)
{
	Suite *s = suite_create("kinds");
	TCase *tc = tcase_create("checks");

	tcase_add_loop_test(tc, test_check_table, 0,
			    (int)G_N_ELEMENTS(check_cases));
	tcase_add_test(tc, test_kind_sets);
	suite_add_tcase(s, tc);
	return s;
}
