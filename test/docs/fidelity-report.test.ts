import { describe, expect, test } from "vitest";
import { fidelityReport } from "../../scripts/report/fidelity.js";

const root = new URL("../../", import.meta.url).pathname;

describe("the fidelity report", () => {
  test("states its date and commit and has every section, with the golden tables all passing", async () => {
    const text = await fidelityReport({ root, date: "2025-01-02", commit: "0123456789ab", replications: 2, customers: 5_000, simpy: () => null });
    expect(text).toContain("Made on 2025-01-02 from commit `0123456789ab`.");
    expect(text.match(/^## .*/gm)).toEqual(["## Golden tables", "## Queueing closed forms", "## Calibration against measured references", "## Peers"]);
    expect(text).toMatch(/All tables: (\d+) of \1 cases pass \(100\.0%\)\./);
    expect(text).toMatch(/\| M\/M\/8, ρ = 0\.9 \| 0\.8769 \|/);
    expect(text).toMatch(/^40 references: median absolute error \d+\.\d%, maximum \d+\.\d%\.$/m);
    expect(text).toContain("The SimPy peer did not run");
  });
});
