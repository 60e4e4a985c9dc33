// Verifies webhook requests with the reference Standard Webhooks library (npm
// `standardwebhooks`), so the Rust suite's signatures are judged by code nobody here wrote.
// stdin: JSON [{"secret": "whsec_…", "headers": {...}, "body": "…"}]; prints one line per
// request ("ok" or the library's error) and exits 1 when any fails.
const { Webhook } = require("standardwebhooks");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  let failed = 0;
  for (const { secret, headers, body } of JSON.parse(input)) {
    try {
      new Webhook(secret).verify(body, headers);
      console.log("ok");
    } catch (error) {
      failed += 1;
      console.log(`failed: ${error.message}`);
    }
  }
  process.exit(failed ? 1 : 0);
});
