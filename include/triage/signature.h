/* Failure signatures: the shape of a failure line, so that the same failure
 * groups across issues and reports. */
#ifndef TRIAGE_SIGNATURE_H
#define TRIAGE_SIGNATURE_H

/* Quoted names, numbers, hex ids, paths, URLs, hosts and ports become
 * placeholders; runs of whitespace collapse; leading/trailing space goes:
 *   AttributeError: 'Foo' object has no attribute 'bar'
 *   -> AttributeError: '…' object has no attribute '…'
 * Caller frees. */
char *tr_signature(const char *line);

#endif
