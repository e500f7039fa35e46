/* The actions on the selected issue (actions_issue.c), for the action
 * table in actions.c. */
#ifndef TRIAGE_CONSOLE_ACTIONS_H
#define TRIAGE_CONSOLE_ACTIONS_H

#include "console/state.h"

void action_set_state(tr_app *app);
void action_set_owner(tr_app *app);
void action_add_note(tr_app *app);
void action_undo(tr_app *app);
void action_redo(tr_app *app);
void action_mark_standup(tr_app *app);
void action_acknowledge(tr_app *app);
void action_edit_report(tr_app *app);
void action_copy(tr_app *app);

#endif
