/* What the model's files share, and no one else uses. */
#ifndef TRIAGE_MODEL_INTERNAL_H
#define TRIAGE_MODEL_INTERNAL_H

#include "triage/model.h"

/* Fills m->cycles from the edges (tr_model_finish). */
void model_build_cycles(tr_model *m);

#endif
