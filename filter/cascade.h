/* cascade.h — boosted cascades of OpenCV's XML format (Haar and LBP
 * features, as shipped by Debian's opencv-data), evaluated by our own C
 * code: load once, then detect on 8-bit grey buffers with the parameters
 * and semantics of OpenCV's CascadeClassifier::detectMultiScale, so that
 * a test can hold our detections against OpenCV's on the same image.
 *
 * A cascade is read-only after cascade_load(): several threads may call
 * cascade_detect() on one cascade at once.
 */
#ifndef IDR_CASCADE_H
#define IDR_CASCADE_H

#include "internal.h"

typedef struct cascade cascade;

/* The parameters of detectMultiScale. A zero max_w/max_h means the image
 * size, as in OpenCV; min_neighbors 0 returns the ungrouped windows. */
typedef struct cascade_params {
	double scale_factor;  /* > 1, e.g. 1.1 */
	int min_neighbors;    /* e.g. 3 */
	int min_w, min_h;     /* smallest window, pixels */
	int max_w, max_h;     /* largest window, pixels; 0 = no limit */
} cascade_params;

/* Parse the XML cascade at path (new format: <cascade> with stages and
 * features). Returns IDR_OK or IDR_ERR_MODEL naming what is wrong. */
idr_status cascade_load(const char *path, cascade **out, idr_error *err);
void cascade_free(cascade *c);

/* The training window of the cascade (24x24 for Haar faces). */
int cascade_window_width(const cascade *c);
int cascade_window_height(const cascade *c);

/* Detect on a width x height grey image (stride bytes per row). Appends
 * idr_rect boxes to found, clipped to the image; when neighbours is not
 * NULL, appends the number of raw windows behind each box (int).
 * Returns IDR_OK or IDR_ERR_NOMEM. */
idr_status cascade_detect(const cascade *c, const guint8 *grey, int width,
			  int height, int stride, const cascade_params *p,
			  GArray *found, GArray *neighbours, idr_error *err);

/* OpenCV's groupRectangles(rects, threshold, eps) in place on a GArray of
 * idr_rect; weights (may be NULL) gets the size of each kept group. */
void cascade_group(GArray *rects, int threshold, double eps, GArray *weights);

#endif /* IDR_CASCADE_H */
