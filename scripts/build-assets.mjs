// Builds the council's stylesheet from GOV.UK Frontend's Sass and copies its JavaScript into core/static/build.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "core", "static", "build");
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "core", "assets", "pathways.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "pathways.css"), result.css);

const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
console.log(`Built ${join("core", "static", "build")}: pathways.css (${result.css.length} bytes), govuk-frontend.min.js`);
