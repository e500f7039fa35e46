#!/bin/sh
. "$top_srcdir/tests/cli/lib.sh"
ok 0 placeholder
done_testing
