#!/bin/sh
# Write a `.env` for docker compose from deploy/.env.example, filling every
# empty secret from the `# generate:` command above it (needs openssl).
#
#   sh deploy/generate-env.sh            # writes ./.env
#   sh deploy/generate-env.sh path/.env  # writes elsewhere
#
# Refuses to overwrite an existing file: a new CLIENTNOTE_CODEC_KEYS would make
# every existing Temporal history unreadable, and new database passwords would
# not match the roles already created in the postgres volume.
set -eu

out="${1:-.env}"
example="$(dirname "$0")/.env.example"

if [ -e "$out" ]; then
  echo "generate-env: $out already exists; not overwriting it (see docs/deployment.md)" >&2
  exit 1
fi
command -v openssl >/dev/null 2>&1 || { echo "generate-env: openssl is required" >&2; exit 1; }

umask 077
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
generate=""
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    "# generate: "*)
      generate="${line#"# generate: "}"
      printf '%s\n' "$line"
      ;;
    "#"* | "")
      printf '%s\n' "$line"
      ;;
    *=)
      if [ -n "$generate" ]; then
        value="$(eval "printf '%s' \"$generate\"")"
        printf '%s%s\n' "$line" "$value"
      else
        printf '%s\n' "$line"
      fi
      generate=""
      ;;
    *)
      printf '%s\n' "$line"
      generate=""
      ;;
  esac
done < "$example" > "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "generate-env: wrote $out; keep a copy of it somewhere safe" >&2
