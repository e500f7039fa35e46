#include "config.h"

#include <unistd.h>

#include "tap.h"
#include "triage/signature.h"

static void check(const char *line, const char *want, const char *what)
{
	char *got = tr_signature(line);
	is_str(got, want, "%s", what);
	free(got);
}

static void same(const char *a, const char *b, const char *what)
{
	char *x = tr_signature(a), *y = tr_signature(b);
	is_str(x, y, "same shape: %s", what);
	free(x);
	free(y);
}

static void differ(const char *a, const char *b, const char *what)
{
	char *x = tr_signature(a), *y = tr_signature(b);
	ok(strcmp(x, y) != 0, "different shape: %s ('%s')", what, x);
	free(x);
	free(y);
}

int main(void)
{
	check("AttributeError: 'TestAPIValidationErrorPrevention' object has no attribute 'subTest'",
	      "AttributeError: 'TestAPIValidationErrorPrevention' object has no attribute 'subTest'",
	      "quoted names stay: the class and the missing attribute are what failed");
	check("  KeyError:   \"user_id\"  ", "KeyError: \"user_id\"",
	      "double quotes too; whitespace collapses and trims");
	check("KeyError: 'user-1757621086'", "KeyError: 'user-N'", "what varies inside quotes goes");
	check("[Errno 61] Connect call failed", "[Errno N] Connect call failed",
	      "a number becomes N");
	check("took 3.42s after 1,024 retries", "took Ns after N retries",
	      "decimals and thousands are one number");
	check("test_user_1 and E2E stay", "test_user_1 and E2E stay",
	      "digits inside identifiers stay");
	check("File \"/Users/a/netra/tests/test_x.py\", line 35",
	      "File \"<path>\", line N", "a quoted path is a path");
	check("INTERNALERROR> File /Users/r/Netra/tests/unit/test_b.py, line 35",
	      "INTERNALERROR> File <path>, line N", "an unquoted path becomes <path>");
	check("ModuleNotFoundError: No module named 'netra_backend.app.tools.enhanced_dispatcher'",
	      "ModuleNotFoundError: No module named 'netra_backend.app.tools.enhanced_dispatcher'",
	      "the missing module stays");
	check("connect to 127.0.0.1:5434 refused", "connect to <host>:<port> refused",
	      "host and port become placeholders");
	check("connect to localhost:8080 refused", "connect to <host>:<port> refused",
	      "localhost with a port too");
	check("object at 0x7f3a2c1b9d60 is gone", "object at <hex> is gone", "0x addresses");
	check("commit 3f9a1c2e0b7d broke it", "commit <hex> broke it", "a commit id");
	check("request 550e8400-e29b-41d4-a716-446655440000 failed", "request <hex> failed", "a UUID");
	check("see https://ci.example.com/job/123?x=1 for logs", "see <url> for logs", "a URL");
	check("it don't work, the user's call", "it don't work, the user's call",
	      "apostrophes are not quotes");
	check("missing methods: ['connect', 'disconnect', 'send_message']",
	      "missing methods: ['connect', 'disconnect', 'send_message']", "a list of names stays");
	check("sizes (3, 4, 5) and [1.5, 2]", "sizes (\xE2\x80\xA6) and [\xE2\x80\xA6]",
	      "a list of numbers becomes one placeholder");
	check("at 2025-09-15T03:28:01.194626+00:00 and 2025-09-15", "at <time> and <time>",
	      "timestamps");
	check("cannot remove tmpk3j4l2x: busy", "cannot remove <tmp>: busy", "temporary names");
	check("job a21bcad2f0 of run_17576210 failed", "job <hex> of run_N failed",
	      "ids of hex digits and long numbers glued to a name");
	check("OSError: [Errno 61] Connect call failed ('::1', 5434, 0, 0), [Errno 61] Connect call failed ('127.0.0.1', 5434)",
	      "OSError: [Errno N] Connect call failed (\xE2\x80\xA6), [Errno N] Connect call failed (\xE2\x80\xA6)",
	      "tuples of quoted names and numbers collapse");
	/* What each byte is: ASCII's letters, digits and spaces, whatever the
	 * locale; the bytes of a UTF-8 letter glue to a number like a letter. */
	check("size\v\f\r 12 of\t3", "size N of N", "every ASCII space separates");
	check("a\xC2\xA0" "b 5", "a\xC2\xA0" "b N", "a no-break space is not a space");
	check("caf\xC3\xA9" "1 and caf\xC3\xA9" "1234 and \xC3\xA9" "7",
	      "caf\xC3\xA9" "1 and caf\xC3\xA9N and \xC3\xA9" "7", "a UTF-8 letter is part of a word");
	check("x~1 y#2 z@1234 q%5 =7 +8 &9", "x~N y#N z@N q%N =N +N &N",
	      "a number after punctuation inside a token stands alone");
	check("C:\\Users\\a ok but a\\b", "<path> ok but a\\b", "a drive path, not any backslash");
	check("v1.2.3 at 1.2.3.4. and 1.2.3.4:80, 1.2.3.4:x",
	      "v1.N at <host>. and <host>:<port>, <host>:x", "versions, hosts and what ends a sentence");
	check("ABCDEF0 deadbeef1 _deadbeef1 x-deadbeef1 0xZZ 0x1",
	      "<hex> <hex> _<hex> x-<hex> NxZZ <hex>", "hex ids in either case, not a bare 0x");
	check("1,234,567 and 12,3456 and 1,234x", "N and N,N and N,Nx", "only groups of three are thousands");
	check("['- N'] and ('1.2.3.4', \"<x>\") [ N ] [N", "[\xE2\x80\xA6] and ('<host>', \"<x>\") [\xE2\x80\xA6] [N",
	      "a list collapses only when it holds nothing but placeholders and closes");
	check("Error:: at:. x?: a:1 a:b 9: C:\\x ok:/ tmp1:", "Error:: at:. x?: a:N a:b N: <path> <path> tmp1:",
	      "a colon that ends a word is punctuation; one inside a token is not");
	check("see localhost: or 1.2.3.4: then deadbeef1:", "see localhost: or <host>: then <hex>:",
	      "a placeholder keeps the colon after it");
	check("", "", "an empty line has an empty signature");
	check("'unterminated quote", "'unterminated quote", "an unterminated quote is kept");

	differ("AttributeError: 'UserExecutionContext' object has no attribute 'set_context_data'",
	       "AttributeError: 'TestGoldenPathBusinessValueProtection' object has no attribute 'golden_path_context'",
	       "AttributeErrors of different classes and attributes");
	differ("AttributeError: 'UserExecutionEngine' object has no attribute 'set_context_data'",
	       "AttributeError: 'UserExecutionEngine' object has no attribute 'set_execution_state'",
	       "the same class missing another attribute");
	differ("ModuleNotFoundError: No module named 'app.tools.dispatcher'",
	       "ModuleNotFoundError: No module named 'app.tools.registry'", "different missing modules");
	same("AttributeError: 'Tracker' object has no attribute 'state'",
	     "AttributeError:  'Tracker'  object has no attribute 'state' ", "the same failure, spaced apart");
	same("Timeout after 30 s waiting for 'req-1757621086' at 2025-09-11T16:48:00Z",
	     "Timeout after 45 s waiting for 'req-1757629999' at 2025-09-12T09:01:13Z",
	     "numbers, ids and timestamps vary between runs");
	same("FileNotFoundError: [Errno 2] No such file: '/tmp/pytest-of-ci/pytest-41/test_x0/out.json'",
	     "FileNotFoundError: [Errno 2] No such file: '/home/dev/tmp/pytest-7/test_x0/out.json'",
	     "paths vary between machines");
	same("could not write tmpa8f3k2qz/cache: disk full", "could not write tmp_91xk2mwe/cache: disk full",
	     "so do temporary names");
	same("worker 550e8400-e29b-41d4-a716-446655440000 at 0x7f3a2c1b9d60 died",
	     "worker 123e4567-e89b-12d3-a456-426614174000 at 0x55d0c0ffee00 died", "ids and addresses");
	same("sizes (1, 2, 3)", "sizes (4, 5)", "a list of numbers: its length does not split a group");
	same("Timeout after 30s on 10.0.0.7:443", "Timeout after 5s on 192.168.1.20:8443",
	     "times, hosts and ports");
	differ("AttributeError: 'A' object has no attribute 'b'",
	       "ModuleNotFoundError: No module named 'b'", "different exception types");
	differ("EXPECTED FAILURE: WebSocketManager missing methods: ['connect']",
	       "EXPECTED FAILURE: AuthFlowE2ETester missing methods: ['connect']",
	       "unquoted class names are part of the shape");

	/* Untrusted input: controls and invalid bytes pass through as data (the
	 * terminal layer makes them inert); nothing crashes on odd bytes. */
	char *s = tr_signature("\x1b[31mError\x1b[0m: '\xff\xfe'");
	ok(s != NULL && strstr(s, "Error") != NULL, "escape sequences and invalid bytes survive as data");
	free(s);
	char big[70000];
	memset(big, '\'', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	s = tr_signature(big);
	ok(s != NULL, "70,000 quote characters in a row");
	free(s);
	/* Escaped quotes never close: each once scanned to the line's end
	 * (400 KB: 33 s).  The alarm turns a hang into a failure. */
	alarm(60);
	size_t n = 4000000;
	char *esc = malloc(n + 1);
	for (size_t i = 0; i < n; i += 2) {
		esc[i] = '\\';
		esc[i + 1] = '\'';
	}
	esc[n] = '\0';
	s = tr_signature(esc);
	ok(s != NULL && strlen(s) > 0, "4 MB of escaped quotes on one line");
	free(s);
	free(esc);
	alarm(0);
	return done_testing();
}
