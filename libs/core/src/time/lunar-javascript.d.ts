// The few parts of lunar-javascript (no bundled types) that statutory-holidays.ts uses.
declare module 'lunar-javascript' {
  export interface Solar {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    /** 'YYYY-MM-DD' */
    toYmd(): string;
    next(days: number): Solar;
  }

  export interface Lunar {
    getSolar(): Solar;
    /** Solar terms (节气) around this lunar year, keyed by Chinese name; times are Beijing time. */
    getJieQiTable(): Record<string, Solar>;
  }

  export const Lunar: {
    /** A lunar date; a negative month is a leap month. */
    fromYmd(year: number, month: number, day: number): Lunar;
  };

  export const Solar: {
    fromYmd(year: number, month: number, day: number): Solar;
  };
}
