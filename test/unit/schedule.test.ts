import {
  dueStep,
  replannedStepIndex,
  stepDate,
} from '../../src/plugins/dunning/server/src/domain/schedule';

/** Pre-due notice 5 days before, reminders 3, 15 and 30 days after the due date. */
const steps = [{ offsetDays: -5 }, { offsetDays: 3 }, { offsetDays: 15 }, { offsetDays: 30 }];

const dueDate = '2026-03-20';

describe('step dates (SPEC F4.1)', () => {
  it('counts days before and after the due date, across months and DST', () => {
    expect(steps.map((step) => stepDate(dueDate, step))).toEqual([
      '2026-03-15',
      '2026-03-23',
      '2026-04-04',
      '2026-04-19',
    ]);
    expect(stepDate('2024-02-27', { offsetDays: 3 })).toBe('2024-03-01');
  });
});

describe('dueStep (SPEC F4.3: only the latest overdue step)', () => {
  it('is null before the first step day', () => {
    expect(dueStep({ steps, dueDate, nextStepIndex: 0, today: '2026-03-14' })).toBeNull();
  });

  it('gives the step on its day', () => {
    expect(dueStep({ steps, dueDate, nextStepIndex: 0, today: '2026-03-15' })).toEqual({
      index: 0,
      skipped: [],
    });
    expect(dueStep({ steps, dueDate, nextStepIndex: 1, today: '2026-03-23' })).toEqual({
      index: 1,
      skipped: [],
    });
  });

  it('sends only the latest when several steps are overdue, the others being skipped', () => {
    expect(dueStep({ steps, dueDate, nextStepIndex: 0, today: '2026-04-05' })).toEqual({
      index: 2,
      skipped: [0, 1],
    });
  });

  it('does not go back to a step already done', () => {
    expect(dueStep({ steps, dueDate, nextStepIndex: 3, today: '2026-04-05' })).toBeNull();
    expect(dueStep({ steps, dueDate, nextStepIndex: 4, today: '2027-01-01' })).toBeNull();
  });
});

describe('re-planning after a change of steps (F4.7)', () => {
  const before = [{ level: 'R1' }, { level: 'R2' }, { level: 'R3' }];
  const after = (offsets: number[], levels = ['R1', 'R2', 'R3']) =>
    offsets.map((offsetDays, index) => ({ offsetDays, level: levels[index] }));

  it('never sends a level twice, even moved later than the day it went out', () => {
    // R1 and R2 went out (R2 on 10 March); R2 now falls on the 12th: the case waits for R3.
    expect(
      replannedStepIndex({
        before,
        after: after([3, 12, 25]),
        nextStepIndex: 2,
        dueDate: '2026-03-01',
        lastStepDate: '2026-03-11',
      })
    ).toBe(2);
  });

  it('does not miss a step inserted ahead of the last reminder day, nor send one inserted before it', () => {
    const inserted = after([3, 7, 14], ['R1', 'Nudge', 'R2']);
    expect(
      replannedStepIndex({
        before,
        after: inserted,
        nextStepIndex: 1,
        dueDate: '2026-03-01',
        lastStepDate: '2026-03-04',
      })
    ).toBe(1);
    expect(
      replannedStepIndex({
        before,
        after: inserted,
        nextStepIndex: 1,
        dueDate: '2026-03-01',
        lastStepDate: '2026-03-09',
      })
    ).toBe(2);
  });

  it('starts a case never reminded at the first step, and ends one past every step', () => {
    expect(
      replannedStepIndex({
        before,
        after: after([3, 10, 20]),
        nextStepIndex: 0,
        dueDate: '2026-03-01',
        lastStepDate: null,
      })
    ).toBe(0);
    expect(
      replannedStepIndex({
        before,
        after: after([3, 10]),
        nextStepIndex: 3,
        dueDate: '2026-03-01',
        lastStepDate: '2026-03-21',
      })
    ).toBe(2);
  });
});
