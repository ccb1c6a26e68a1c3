// The class's CSV files (report.csv, similarity.csv) open in spreadsheets, where
// a cell a student controls must stay text, never become a formula.
import { expect, test } from "vitest";
import { csv } from "../../scripts/instructor/class-table.js";

test("quotes separators and quotes, and keeps cells that would start a formula as text", () => {
  expect(csv([["a,b", 'say "hi"', "two\nlines"]])).toBe('"a,b","say ""hi""","two\nlines"');
  expect(csv([['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-cmd", "\tx"]])).toBe(`"'=HYPERLINK(""http://x"",""y"")",'+1+1,'@SUM(A1),'-cmd,'\tx`);
});

test("leaves scores, a missing lesson's '-' and numbers as they are", () => {
  expect(csv([["alice", "3/5", "-", "error", "0.943", "-2", "12/30"]])).toBe("alice,3/5,-,error,0.943,-2,12/30");
});
