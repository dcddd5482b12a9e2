import { describe, expect, it } from 'vitest';
import { countCrossings, elkEdgePolylines } from '../../../shared/diagram/crossings.js';

const p = (x: number, y: number) => ({ x, y });

describe('countCrossings', () => {
  it('counts two edges crossing once as one crossing', () => {
    expect(countCrossings([[p(0, 5), p(10, 5)], [p(5, 0), p(5, 10)]])).toBe(1);
  });

  it('does not count edges that only meet at an end, branch off one another or run along the same line', () => {
    // Shared endpoint (two flows into one port).
    expect(countCrossings([[p(0, 0), p(10, 0)], [p(10, 0), p(10, 10)]])).toBe(0);
    // T-junction: a bundle branching off.
    expect(countCrossings([[p(0, 5), p(10, 5)], [p(5, 5), p(5, 10)]])).toBe(0);
    // Collinear overlap (edges drawn along the same channel).
    expect(countCrossings([[p(0, 5), p(10, 5)], [p(3, 5), p(20, 5)]])).toBe(0);
    // Parallel lines.
    expect(countCrossings([[p(0, 0), p(10, 0)], [p(0, 3), p(10, 3)]])).toBe(0);
  });

  it('counts every crossing of orthogonal polylines with bends', () => {
    // A zig-zag crossing a vertical twice.
    const zigzag = [p(0, 2), p(10, 2), p(10, 8), p(0, 8)];
    const vertical = [p(5, 0), p(5, 10)];
    expect(countCrossings([zigzag, vertical])).toBe(2);
    // A polyline never crosses itself here.
    expect(countCrossings([[p(0, 5), p(10, 5), p(10, 0), p(5, 0), p(5, 10)]])).toBe(0);
  });

  it('counts a grid of k horizontal and m vertical edges as k × m crossings', () => {
    const horizontal = Array.from({ length: 4 }, (_, i) => [p(0, 10 + i * 10), p(100, 10 + i * 10)]);
    const vertical = Array.from({ length: 3 }, (_, i) => [p(20 + i * 20, 0), p(20 + i * 20, 100)]);
    expect(countCrossings([...horizontal, ...vertical])).toBe(12);
  });

  it('counts slanted segments (polyline routing, hand-drawn connectors)', () => {
    expect(countCrossings([[p(0, 0), p(10, 10)], [p(0, 10), p(10, 0)]])).toBe(1);
    expect(countCrossings([[p(0, 0), p(10, 10)], [p(0, 8), p(10, 8)]])).toBe(1);
    expect(countCrossings([[p(0, 0), p(10, 10)], [p(10, 10), p(20, 0)]])).toBe(0);
  });

  it('reads the polylines of an ELK result, nested graphs included', () => {
    const graph = {
      children: [{ x: 100, y: 50, edges: [{ sections: [{ startPoint: p(0, 0), endPoint: p(10, 0), bendPoints: [p(5, 0)] }] }] }],
      edges: [{ sections: [{ startPoint: p(0, 0), endPoint: p(0, 10) }] }],
    };
    expect(elkEdgePolylines(graph)).toEqual([[p(0, 0), p(0, 10)], [p(100, 50), p(105, 50), p(110, 50)]]);
  });
});
