import { inRunsOfAtMost } from "../../runtime/src/common/kafka";

describe("records in runs of at most a number of bytes", () => {
  const size = (record: string) => record.length;

  test("keeps every record, in order, each run within the limit", () => {
    // GIVEN records of 4, 3, 5, 2 and 6 bytes
    const records = ["aaaa", "bbb", "ccccc", "dd", "eeeeee"];
    // WHEN split in runs of at most 8 bytes
    const runs = inRunsOfAtMost(records, 8, size);
    // THEN the runs are as long as the limit allows, and together they are the records
    expect(runs).toEqual([["aaaa", "bbb"], ["ccccc", "dd"], ["eeeeee"]]);
    expect(runs.flat()).toEqual(records);
  });

  test("a record larger than the limit is a run of its own, between the others", () => {
    expect(inRunsOfAtMost(["a", "bbbbbbbbbb", "c"], 4, size)).toEqual([["a"], ["bbbbbbbbbb"], ["c"]]);
  });

  test("no records, no runs", () => {
    expect(inRunsOfAtMost([], 4, size)).toEqual([]);
  });
});
