/* The actions on the selected issue (actions_issue.c, actions_note.c), for
 * the action table in actions.c. */
#ifndef TRIAGE_CONSOLE_ACTIONS_H
#define TRIAGE_CONSOLE_ACTIONS_H

#include "console/state.h"

void action_set_state(tr_app *app);
void action_set_owner(tr_app *app);
void action_add_note(tr_app *app);
void action_edit_note(tr_app *app);
/* At the start: the drafts kept by earlier sessions, back in the note
 * editor's keeping, and a line for `notes` offering them. */
void action_drafts_start(tr_app *app, tr_strv *notes);
void action_delete_note(tr_app *app);
void action_undo(tr_app *app);
void action_redo(tr_app *app);
void action_mark_standup(tr_app *app);
void action_acknowledge(tr_app *app);
void action_edit_report(tr_app *app);
void action_copy(tr_app *app);

/* An issue is selected and a change can be saved; else says why not. */
bool action_can_change(tr_app *app);
/* The issue a picker or an editor was opened for is still in the reports;
 * else says that nothing was saved. */
bool action_still_there(tr_app *app, const char *issue);

#endif
