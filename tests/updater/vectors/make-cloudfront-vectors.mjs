// Makes cloudfront-vectors.json: URLs signed by the official AWS CloudFront
// signer (@aws-sdk/cloudfront-signer) with the repository's test key, so the
// tests can check our signer byte for byte without the registry.
//   npm install --prefix /tmp/cf @aws-sdk/cloudfront-signer@3.1166.0
//   NODE_PATH=/tmp/cf/node_modules node make-cloudfront-vectors.mjs > cloudfront-vectors.json
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(join(process.env.NODE_PATH ?? ".", "x.js"));
const { getSignedUrl } = require("@aws-sdk/cloudfront-signer");
const here = dirname(fileURLToPath(import.meta.url));
const privateKey = readFileSync(join(here, "../../keys/cloudfront-test-private.pem"), "utf8");
const keyPairId = "KTESTPARLEY01";

const cases = [
  { name: "canned-sha1", url: "https://downloads.parley.test/releases/parley-1.2.0-linux-x86_64.tar.gz", dateLessThan: 1893456000 },
  { name: "canned-sha256", url: "https://downloads.parley.test/releases/parley-1.2.0-linux-x86_64.tar.gz", dateLessThan: 1893456000, algorithm: "SHA256" },
  { name: "canned-with-query", url: "https://downloads.parley.test/releases/parley-1.2.0-windows-x86_64.zip?channel=beta", dateLessThan: 1893456000 },
  { name: "custom-sha1", url: "https://downloads.parley.test/releases/parley-1.2.0-linux-x86_64.tar.gz", dateLessThan: 1893456000, dateGreaterThan: 1893455000 },
  { name: "custom-sha256-ip", url: "https://downloads.parley.test/releases/parley-1.2.0-linux-x86_64.tar.gz", dateLessThan: 1893456000, dateGreaterThan: 1893455000, ipAddress: "203.0.113.7", algorithm: "SHA256" },
];

const vectors = cases.map((c) => ({
  ...c,
  keyPairId,
  signedUrl: getSignedUrl({
    url: c.url,
    keyPairId,
    privateKey,
    dateLessThan: new Date(c.dateLessThan * 1000).toISOString(),
    dateGreaterThan: c.dateGreaterThan ? new Date(c.dateGreaterThan * 1000).toISOString() : undefined,
    ipAddress: c.ipAddress,
    algorithm: c.algorithm,
  }),
}));
process.stdout.write(JSON.stringify({ signer: "@aws-sdk/cloudfront-signer@3.1166.0", vectors }, null, 2) + "\n");
