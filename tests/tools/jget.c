/* jget: reads JSON and prints the value at a path, for shell tests.
 *
 *   jget FILE|- PATH
 *
 * PATH is dot-separated: an object key, an array index, `[key=value]` (the
 * first array element whose member `key` is the string or number `value`),
 * or `length` (the size of an array or object).  Strings print raw, null as
 * "null", numbers and booleans as JSON, arrays and objects as compact JSON.
 * Exit 1 when the input is not JSON or the path does not exist. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *select_elem(json_t *arr, const char *sel)
{
	const char *eq = strchr(sel, '=');
	if (!eq || !json_is_array(arr))
		return NULL;
	char key[256];
	size_t kn = (size_t)(eq - sel);
	if (kn >= sizeof key)
		return NULL;
	memcpy(key, sel, kn);
	key[kn] = '\0';
	const char *want = eq + 1;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		json_t *m = json_object_get(v, key);
		if (json_is_string(m) && strcmp(json_string_value(m), want) == 0)
			return v;
		if (json_is_integer(m) && atoll(want) == json_integer_value(m))
			return v;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: jget FILE|- PATH\n");
		return 2;
	}
	json_error_t err;
	json_t *root = strcmp(argv[1], "-") == 0 ? json_loadf(stdin, JSON_DECODE_ANY, &err)
	                                         : json_load_file(argv[1], JSON_DECODE_ANY, &err);
	if (!root) {
		fprintf(stderr, "jget: not JSON: %s (line %d)\n", err.text, err.line);
		return 1;
	}
	char *path = strdup(argv[2]);
	json_t *cur = root;
	for (char *tok = strtok(path, "."); tok && cur; tok = strtok(NULL, ".")) {
		if (tok[0] == '[') {
			size_t n = strlen(tok);
			if (n < 3 || tok[n - 1] != ']') {
				cur = NULL;
				break;
			}
			tok[n - 1] = '\0';
			cur = select_elem(cur, tok + 1);
		} else if (strcmp(tok, "length") == 0 && (json_is_array(cur) || json_is_object(cur))) {
			printf("%zu\n", json_is_array(cur) ? json_array_size(cur) : json_object_size(cur));
			free(path);
			json_decref(root);
			return 0;
		} else if (json_is_array(cur)) {
			char *end;
			long idx = strtol(tok, &end, 10);
			cur = *end || idx < 0 ? NULL : json_array_get(cur, (size_t)idx);
		} else {
			cur = json_object_get(cur, tok);
		}
	}
	int rc = 1;
	if (cur) {
		if (json_is_string(cur))
			printf("%s\n", json_string_value(cur));
		else {
			char *s = json_dumps(cur, JSON_COMPACT | JSON_ENCODE_ANY);
			printf("%s\n", s ? s : "");
			free(s);
		}
		rc = 0;
	} else {
		fprintf(stderr, "jget: no value at %s\n", argv[2]);
	}
	free(path);
	json_decref(root);
	return rc;
}
