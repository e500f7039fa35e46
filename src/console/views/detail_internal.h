/* What the detail pane's files share. */
#ifndef TRIAGE_DETAIL_INTERNAL_H
#define TRIAGE_DETAIL_INTERNAL_H

#include "console/view.h"

/* Adds the timeline of `issue` to d, wrapped at `width` (the commits left
 * out when `commits` is false: a pane beside lists them); returns how
 * many entries it holds.  tmp is scratch. */
size_t detail_timeline(ui_doc *d, tr_app *app, size_t issue, int width, bool commits, tr_buf *tmp);

#endif
