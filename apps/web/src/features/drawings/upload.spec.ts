import { describe, expect, it } from 'vitest';
import { formatCountdown } from '../../lib/format';
import { guessFromFileName } from './upload';

describe('upload and countdown helpers', () => {
  it('takes the drawing number and title from a file name', () => {
    expect(guessFromFileName('A-101 Ground floor.pdf')).toEqual({ drawingNumber: 'A-101', title: 'Ground floor' });
    expect(guessFromFileName('E201_Lighting_plan.png')).toEqual({ drawingNumber: 'E201', title: 'Lighting plan' });
    expect(guessFromFileName('sketch.jpg')).toEqual({ drawingNumber: 'sketch', title: 'sketch' });
  });

  it('counts down in minutes and seconds, never below zero', () => {
    expect(formatCountdown(299_001)).toBe('5:00');
    expect(formatCountdown(61_000)).toBe('1:01');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});
