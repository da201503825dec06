/* cli_opts.c — the options that configure redaction and sealing, shared
 * by the filter (cli.c) and batch (cli_batch.c) so that both take the
 * same -r, -R, --vault, --kinds, ... with the same words in --help.
 * Each subcommand adds its own table (report, manifest, jobs, ...).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const struct cli_option cli_engine_options[] = {
	{ { "seal-to", required_argument, NULL, 'r' }, "RECIPIENT",
	  "seal the original to an age recipient (age1...); repeatable" },
	{ { "recipients-file", required_argument, NULL, 'R' }, "FILE",
	  "read recipients from FILE, one per line, # comments" },
	{ { "sealed-out", required_argument, NULL, OPT_SEALED_OUT }, "FILE",
	  "write the sealed original to FILE" },
	{ { "vault", required_argument, NULL, OPT_VAULT }, "DIR",
	  "write the sealed original into DIR, named by its SHA-256" },
	{ { "mask", required_argument, NULL, OPT_MASK }, "MODE",
	  "solid (default) or pixelate" },
	{ { "kinds", required_argument, NULL, OPT_KINDS }, "LIST",
	  "comma-separated kinds or groups to mask (default all)" },
	{ { "no-faces", no_argument, NULL, OPT_NO_FACES }, NULL,
	  "do not look for faces or photographs" },
	{ { "no-codes", no_argument, NULL, OPT_NO_CODES }, NULL,
	  "do not look for barcodes and QR codes" },
	{ { "lang", required_argument, NULL, OPT_LANG }, "LANGS",
	  "tesseract languages (default eng+tha)" },
	{ { "tessdata", required_argument, NULL, OPT_TESSDATA }, "DIR",
	  "where the *.traineddata files are" },
	{ { "format", required_argument, NULL, OPT_FORMAT }, "FMT",
	  "jpeg, png, webp or tiff (default: as the input)" },
	{ { "max-pixels", required_argument, NULL, OPT_MAX_PIXELS }, "N",
	  "refuse larger images (default 50000000)" },
	{ { "on-miss", required_argument, NULL, OPT_ON_MISS }, "POLICY",
	  "pass (default) or reject an image with no identifier" },
	{ { "timeout", required_argument, NULL, OPT_TIMEOUT }, "SECONDS",
	  "give up on an image after SECONDS (exit 70, no output)" },
};
const size_t cli_n_engine_options =
	sizeof cli_engine_options / sizeof *cli_engine_options;

void cli_print_options(FILE *f, const struct cli_option *options, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct cli_option *o = &options[i];
		char left[64];
		if (o->opt.val < 256)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->opt.val,
				 o->opt.name, o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->opt.name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-30s %s\n", left, o->help);
	}
}

struct option *cli_longopts(const struct cli_option *own, size_t n)
{
	struct option *all = calloc(cli_n_engine_options + n + 1, sizeof *all);

	if (!all)
		return NULL;
	for (size_t i = 0; i < cli_n_engine_options; i++)
		all[i] = cli_engine_options[i].opt;
	for (size_t i = 0; i < n; i++)
		all[cli_n_engine_options + i] = own[i].opt;
	return all;
}

/* Returns 0 after adding every recipient in path to opts, or an exit code. */
static int read_recipients_file(idr_options *opts, const char *path)
{
	unsigned char *data = NULL;
	size_t size = 0;
	idr_error err = { 0 };
	int ret = EXIT_OK;

	if (cli_read_all(path, &data, &size) < 0) {
		cli_error(path, "%s", strerror(errno));
		return EXIT_NOINPUT;
	}
	char *text = strndup((char *)data, size), *save = NULL;
	free(data);
	if (!text)
		return EXIT_SOFTWARE;
	/* age's recipients-file format: one recipient a line, '#' comments,
	 * blank lines ignored (age-encryption.org, age(1)). */
	for (char *line = strtok_r(text, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		line += strspn(line, " \t");
		if (*line == '#' || *line == '\0')
			continue;
		if (idr_options_add_recipient(opts, line, &err)) {
			cli_error(path, "%s", err.message);
			ret = EXIT_USAGE;
			break;
		}
	}
	free(text);
	return ret;
}

int cli_engine_option(idr_options *opts, int c, const char *arg)
{
	idr_error err = { 0 };
	idr_status st = IDR_OK;

	switch (c) {
	case 'r': st = idr_options_add_recipient(opts, arg, &err); break;
	case 'R': return read_recipients_file(opts, arg);
	case OPT_SEALED_OUT: st = idr_options_set_sealed_out(opts, arg, &err); break;
	case OPT_VAULT: st = idr_options_set_vault(opts, arg, &err); break;
	case OPT_MASK:
		if (strcmp(arg, "solid") == 0)
			idr_options_set_mask(opts, IDR_MASK_SOLID);
		else if (strcmp(arg, "pixelate") == 0)
			idr_options_set_mask(opts, IDR_MASK_PIXELATE);
		else
			st = IDR_ERR_USAGE, snprintf(err.message, sizeof err.message,
				"--mask is solid or pixelate, not '%s'", arg);
		break;
	case OPT_KINDS: st = idr_options_set_kinds(opts, arg, &err); break;
	case OPT_NO_FACES: idr_options_set_faces(opts, false); break;
	case OPT_NO_CODES: idr_options_set_codes(opts, false); break;
	case OPT_LANG: st = idr_options_set_lang(opts, arg, &err); break;
	case OPT_TESSDATA: st = idr_options_set_tessdata(opts, arg, &err); break;
	case OPT_FORMAT: st = idr_options_set_format(opts, arg, &err); break;
	case OPT_MAX_PIXELS: {
		unsigned long long n;
		if (cli_parse_count(arg, &n))
			st = IDR_ERR_USAGE, snprintf(err.message, sizeof err.message,
				"--max-pixels needs a positive number, not '%s'", arg);
		else
			idr_options_set_max_pixels(opts, n);
		break;
	}
	case OPT_ON_MISS:
		if (strcmp(arg, "pass") == 0)
			idr_options_set_on_miss(opts, IDR_ON_MISS_PASS);
		else if (strcmp(arg, "reject") == 0)
			idr_options_set_on_miss(opts, IDR_ON_MISS_REJECT);
		else
			st = IDR_ERR_USAGE, snprintf(err.message, sizeof err.message,
				"--on-miss is pass or reject, not '%s'", arg);
		break;
	case OPT_TIMEOUT: {
		char *end;
		errno = 0;
		double secs = strtod(arg, &end);
		if (errno || *end || end == arg || !(secs > 0))
			st = IDR_ERR_USAGE, snprintf(err.message, sizeof err.message,
				"--timeout needs a positive number of seconds, not '%s'", arg);
		else
			st = idr_options_set_timeout(opts, secs, &err);
		break;
	}
	default:
		return -1;
	}
	if (st) {
		cli_error(NULL, "%s", err.message);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cli_parse_count(const char *arg, unsigned long long *n)
{
	char *end;

	errno = 0;
	*n = strtoull(arg, &end, 10);
	return errno || *end || *n == 0 || arg[0] == '-' || arg[0] == '\0' ? -1 : 0;
}
