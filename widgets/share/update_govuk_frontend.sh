#!/usr/bin/env bash
# Rebuilds the vendored GOV.UK Frontend in voila/templates/commonground/static/govuk/ (the page)
# and widgets/components/govuk-forms.min.css (the form components only, for the widgets).
#
# Why vendored: the course must work on a fresh machine with only `make lab` or `make test`, in a
# wheel installed on a hub, and in a container image, none of which may have node or npm. The
# built CSS and JS (about 180 KB) are committed with their licence and version, and this script
# is the only way they change:  bash widgets/share/update_govuk_frontend.sh [VERSION]
#
# Why compiled here rather than copied from dist/: the precompiled CSS sets the GDS Transport font,
# which is for GOV.UK alone. Compiling the package's own Sass with $govuk-font-family set to a
# system font stack drops every @font-face rule and every font file, as GOV.UK Frontend documents.
# Neither the crown nor the GOV.UK logotype is used by the template.
set -euo pipefail
VERSION="${1:-6.6.0}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/voila/templates/commonground/static/govuk"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm install --no-save --silent --no-audit --no-fund "govuk-frontend@$VERSION" "sass@1"
cat >course.scss <<'SCSS'
@use "govuk-frontend/dist/govuk/index" with (
  $govuk-font-family: (system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif),
  $govuk-include-default-font-face: false
);
SCSS
npx --no-install sass --style=compressed --no-source-map --quiet-deps --load-path=node_modules \
  course.scss govuk-frontend.min.css
# The form components alone, for the course's own widgets in JupyterLab (where the page has no
# GOV.UK Frontend): the same rules, scoped by GOV.UK's own class names.
cat >forms.scss <<'SCSS'
@use "govuk-frontend/dist/govuk/base" with (
  $govuk-font-family: (system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif),
  $govuk-include-default-font-face: false
);
@use "govuk-frontend/dist/govuk/core/typography";
@use "govuk-frontend/dist/govuk/components/radios";
@use "govuk-frontend/dist/govuk/components/checkboxes";
@use "govuk-frontend/dist/govuk/components/textarea";
@use "govuk-frontend/dist/govuk/components/character-count";
@use "govuk-frontend/dist/govuk/components/error-summary";
@use "govuk-frontend/dist/govuk/components/notification-banner";
@use "govuk-frontend/dist/govuk/components/button";
@use "govuk-frontend/dist/govuk/utilities/visually-hidden";
SCSS
npx --no-install sass --style=compressed --no-source-map --quiet-deps --load-path=node_modules \
  forms.scss govuk-forms.min.css
if grep -q "GDS Transport" govuk-frontend.min.css govuk-forms.min.css; then
  echo "The compiled CSS still names GDS Transport; not updating." >&2
  exit 1
fi
mkdir -p "$OUT"
cp govuk-frontend.min.css "$OUT/govuk-frontend.min.css"
cp govuk-forms.min.css "$HERE/../components/govuk-forms.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$OUT/govuk-frontend.min.js"
echo "$VERSION" >"$OUT/VERSION"
cat >"$OUT/LICENCE.txt" <<'LICENCE'
GOV.UK Frontend (https://github.com/alphagov/govuk-frontend), vendored by
widgets/share/update_govuk_frontend.sh. Licensed under the MIT License:

The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENCE
echo "GOV.UK Frontend $VERSION written to $OUT"
