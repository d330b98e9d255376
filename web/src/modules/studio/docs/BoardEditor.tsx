import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { BoardShape, CollaboratorPresence } from '../../../../../common/studio-documents.ts';
import { Button, Dialog, Input, cx } from '../../../lib/ui/index.ts';
import { textColorOn } from './contrast.ts';
import { boxBetween, newShape, putShape, readShapes, removeShape, shapesMap, topZ, type ShapeKind } from './board-model.ts';
import { DocIcon, type DocIconName } from './icons.tsx';
import type { Collaboration as Session } from './useCollaboration.ts';

const WIDTH = 1600;
const HEIGHT = 1000;
const MIN_SIZE = 12;
const FILLS = ['#c7d2fe', '#fde68a', '#bbf7d0', '#fecaca', '#e9d5ff', '#e5e7eb', '#1f2937', 'transparent'];

type Tool = 'select' | ShapeKind;
interface Point {
  x: number;
  y: number;
}
type Drag =
  | { mode: 'move'; id: string; offset: Point }
  | { mode: 'resize'; id: string; anchor: Point }
  | { mode: 'draw'; id: string; origin: Point };

interface Peer {
  clientId: number;
  user: CollaboratorPresence;
  pointer: Point | null;
  selection: string | null;
}

const tools: { tool: Tool; label: string; icon: DocIconName; key: string }[] = [
  { tool: 'select', label: 'Select and move', icon: 'pointer', key: 'v' },
  { tool: 'rect', label: 'Rectangle', icon: 'square', key: 'r' },
  { tool: 'ellipse', label: 'Ellipse', icon: 'circle', key: 'o' },
  { tool: 'text', label: 'Text', icon: 'type', key: 't' },
  { tool: 'image', label: 'Image', icon: 'image', key: 'i' },
];

function useShapes(session: Session): BoardShape[] {
  const [shapes, setShapes] = useState(() => readShapes(session.doc));
  useEffect(() => {
    const map = shapesMap(session.doc);
    const update = () => setShapes(readShapes(session.doc));
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [session.doc]);
  return shapes;
}

function usePeers(session: Session): Peer[] {
  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    const awareness = session.provider.awareness;
    if (!awareness) return;
    const update = () => {
      const next: Peer[] = [];
      for (const [clientId, state] of awareness.getStates()) {
        const user = state.user as CollaboratorPresence | undefined;
        if (clientId === session.doc.clientID || !user?.id) continue;
        next.push({ clientId, user, pointer: (state.pointer as Point | null | undefined) ?? null, selection: (state.selection as string | null | undefined) ?? null });
      }
      setPeers(next);
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [session.provider, session.doc]);
  return peers;
}

/** The design board: shapes, text and images on a shared canvas, with everyone's pointer and selection. */
export function BoardEditor({ session }: { session: Session }) {
  const { doc, provider, readOnly } = session;
  const shapes = useShapes(session);
  const peers = usePeers(session);
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<Drag | null>(null);
  const pointerFrame = useRef<number | null>(null);
  const [tool, setTool] = useState<Tool>('select');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editingTextId, setEditingTextId] = useState<string | null>(null);
  const [imageAt, setImageAt] = useState<Point | null>(null);
  const selected = shapes.find((shape) => shape.id === selectedId) ?? null;

  useEffect(() => {
    provider.setAwarenessField('selection', selectedId);
  }, [provider, selectedId]);

  const toWorld = (event: { clientX: number; clientY: number }): Point => {
    const svg = svgRef.current;
    const matrix = svg?.getScreenCTM();
    if (!svg || !matrix) return { x: 0, y: 0 };
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: Math.round(point.x), y: Math.round(point.y) };
  };

  const sharePointer = (point: Point | null) => {
    if (pointerFrame.current !== null) cancelAnimationFrame(pointerFrame.current);
    pointerFrame.current = requestAnimationFrame(() => provider.setAwarenessField('pointer', point));
  };

  const update = (id: string, changes: Partial<BoardShape>) => {
    const shape = shapesMap(doc).get(id);
    if (shape) putShape(doc, { ...shape, ...changes });
  };

  function onCanvasPointerDown(event: ReactPointerEvent<SVGSVGElement>) {
    const point = toWorld(event);
    setEditingTextId(null);
    if (readOnly || tool === 'select') {
      setSelectedId(null);
      return;
    }
    if (tool === 'image') {
      setImageAt(point);
      return;
    }
    const shape = newShape(tool, point.x, point.y, topZ(shapes) + 1);
    putShape(doc, shape);
    setSelectedId(shape.id);
    if (tool === 'text') {
      setTool('select');
      setEditingTextId(shape.id);
      return;
    }
    drag.current = { mode: 'draw', id: shape.id, origin: point };
    svgRef.current?.setPointerCapture(event.pointerId);
  }

  function onShapePointerDown(event: ReactPointerEvent, shape: BoardShape) {
    if (readOnly || tool !== 'select') return;
    event.stopPropagation();
    const point = toWorld(event);
    setSelectedId(shape.id);
    drag.current = { mode: 'move', id: shape.id, offset: { x: point.x - shape.x, y: point.y - shape.y } };
    svgRef.current?.setPointerCapture(event.pointerId);
  }

  function onHandlePointerDown(event: ReactPointerEvent, shape: BoardShape) {
    event.stopPropagation();
    drag.current = { mode: 'resize', id: shape.id, anchor: { x: shape.x, y: shape.y } };
    svgRef.current?.setPointerCapture(event.pointerId);
  }

  function onPointerMove(event: ReactPointerEvent<SVGSVGElement>) {
    const point = toWorld(event);
    sharePointer(point);
    const current = drag.current;
    if (!current) return;
    if (current.mode === 'move') update(current.id, { x: point.x - current.offset.x, y: point.y - current.offset.y });
    else if (current.mode === 'resize') update(current.id, { width: Math.max(MIN_SIZE, point.x - current.anchor.x), height: Math.max(MIN_SIZE, point.y - current.anchor.y) });
    else update(current.id, boxBetween(current.origin, point));
  }

  function onPointerUp() {
    const current = drag.current;
    drag.current = null;
    if (current?.mode !== 'draw') return;
    const shape = shapesMap(doc).get(current.id);
    // A click without a drag places a shape of a useful size.
    if (shape && shape.width < MIN_SIZE && shape.height < MIN_SIZE) update(current.id, { width: 160, height: 110 });
    setTool('select');
  }

  function onKeyDown(event: KeyboardEvent) {
    if (editingTextId || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement) return;
    const byKey = tools.find((entry) => entry.key === event.key.toLowerCase());
    if (byKey && !readOnly && !event.metaKey && !event.ctrlKey) {
      setTool(byKey.tool);
      return;
    }
    if (!selected || readOnly) return;
    const step = event.shiftKey ? 10 : 1;
    const moves: Record<string, Point> = { ArrowLeft: { x: -step, y: 0 }, ArrowRight: { x: step, y: 0 }, ArrowUp: { x: 0, y: -step }, ArrowDown: { x: 0, y: step } };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      update(selected.id, { x: selected.x + move.x, y: selected.y + move.y });
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      removeShape(doc, selected.id);
      setSelectedId(null);
    } else if (event.key === 'Enter' && selected.kind === 'text') {
      event.preventDefault();
      setEditingTextId(selected.id);
    }
  }

  const peerSelections = new Map(peers.flatMap((peer) => (peer.selection ? [[peer.selection, peer.user.color] as const] : [])));

  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-xl border border-border bg-surface shadow-card" onKeyDown={onKeyDown}>
      <div role="toolbar" aria-label="Board tools" className="flex flex-wrap items-center gap-1 border-b border-border px-2 py-1.5">
        {readOnly ? (
          <p className="px-2 text-[13px] text-muted">View only — you can follow everyone’s work live.</p>
        ) : (
          <>
            {tools.map((entry) => (
              <button
                key={entry.tool}
                type="button"
                title={`${entry.label} (${entry.key.toUpperCase()})`}
                aria-label={entry.label}
                aria-pressed={tool === entry.tool}
                onClick={() => setTool(entry.tool)}
                className={cx(
                  'grid size-8 place-items-center rounded-md focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none',
                  tool === entry.tool ? 'bg-accent-soft text-accent' : 'text-muted hover:bg-surface-muted hover:text-fg',
                )}
              >
                <DocIcon name={entry.icon} />
              </button>
            ))}
            {selected ? <SelectionControls shape={selected} onChange={(changes) => update(selected.id, changes)} onFront={() => update(selected.id, { z: topZ(shapes) + 1 })} onDelete={() => { removeShape(doc, selected.id); setSelectedId(null); }} /> : null}
          </>
        )}
      </div>
      <div className="min-h-0 flex-1 overflow-auto bg-surface-muted" data-testid="board-canvas">
        <svg
          ref={svgRef}
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width={WIDTH}
          height={HEIGHT}
          className={cx('block touch-none bg-surface', tool === 'select' ? 'cursor-default' : 'cursor-crosshair')}
          onPointerDown={onCanvasPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => sharePointer(null)}
          role="application"
          aria-label="Design board"
        >
          <defs>
            <pattern id="board-grid" width="24" height="24" patternUnits="userSpaceOnUse">
              <circle cx="1" cy="1" r="1" fill="var(--border)" />
            </pattern>
          </defs>
          <rect width={WIDTH} height={HEIGHT} fill="url(#board-grid)" />
          {shapes.map((shape) => (
            <ShapeView
              key={shape.id}
              shape={shape}
              selected={shape.id === selectedId}
              peerColor={peerSelections.get(shape.id)}
              editing={shape.id === editingTextId}
              readOnly={readOnly}
              onPointerDown={(event) => onShapePointerDown(event, shape)}
              onHandlePointerDown={(event) => onHandlePointerDown(event, shape)}
              onFocus={() => setSelectedId(shape.id)}
              onEditText={() => !readOnly && shape.kind === 'text' && setEditingTextId(shape.id)}
              onTextChange={(text) => update(shape.id, { text })}
              onTextDone={() => setEditingTextId(null)}
            />
          ))}
          {peers.map((peer) => (peer.pointer ? <PeerPointer key={peer.clientId} peer={peer} /> : null))}
        </svg>
      </div>
      <ImageDialog
        at={imageAt}
        onClose={() => setImageAt(null)}
        onAdd={(src, at) => {
          const shape = newShape('image', at.x, at.y, topZ(shapes) + 1, { src, width: 320, height: 220 });
          putShape(doc, shape);
          setSelectedId(shape.id);
          setTool('select');
        }}
      />
    </div>
  );
}

interface ShapeViewProps {
  shape: BoardShape;
  selected: boolean;
  peerColor: string | undefined;
  editing: boolean;
  readOnly: boolean;
  onPointerDown: (event: ReactPointerEvent) => void;
  onHandlePointerDown: (event: ReactPointerEvent) => void;
  onFocus: () => void;
  onEditText: () => void;
  onTextChange: (text: string) => void;
  onTextDone: () => void;
}

function ShapeView({ shape, selected, peerColor, editing, readOnly, onPointerDown, onHandlePointerDown, onFocus, onEditText, onTextChange, onTextDone }: ShapeViewProps) {
  const { x, y, width, height } = shape;
  const label = shape.kind === 'text' ? `Text: ${shape.text ?? ''}` : `${shape.kind} at ${x}, ${y}`;
  return (
    <g
      tabIndex={readOnly ? -1 : 0}
      role="button"
      aria-label={label}
      aria-pressed={selected}
      onFocus={onFocus}
      onPointerDown={onPointerDown}
      onDoubleClick={onEditText}
      className="cursor-move outline-none"
      data-shape-kind={shape.kind}
    >
      {shape.kind === 'rect' ? <rect x={x} y={y} width={width} height={height} rx={6} fill={shape.fill} stroke={shape.stroke} strokeWidth={2} /> : null}
      {shape.kind === 'ellipse' ? <ellipse cx={x + width / 2} cy={y + height / 2} rx={width / 2} ry={height / 2} fill={shape.fill} stroke={shape.stroke} strokeWidth={2} /> : null}
      {shape.kind === 'image' && shape.src ? <image href={shape.src} x={x} y={y} width={width} height={height} preserveAspectRatio="xMidYMid slice" /> : null}
      {shape.kind === 'text' ? (
        <foreignObject x={x} y={y} width={width} height={height}>
          {editing ? (
            <textarea
              autoFocus
              aria-label="Text of the shape"
              defaultValue={shape.text ?? ''}
              onChange={(event) => onTextChange(event.target.value)}
              onBlur={onTextDone}
              onKeyDown={(event) => event.key === 'Escape' && onTextDone()}
              onPointerDown={(event) => event.stopPropagation()}
              className="size-full resize-none rounded border border-accent bg-surface p-1 text-[18px] leading-snug text-fg outline-none"
            />
          ) : (
            <div className="size-full overflow-hidden p-1 text-[18px] leading-snug whitespace-pre-wrap" style={{ color: shape.fill === 'transparent' ? 'var(--text)' : shape.fill }}>
              {shape.text}
            </div>
          )}
        </foreignObject>
      ) : null}
      {peerColor && !selected ? <rect x={x - 4} y={y - 4} width={width + 8} height={height + 8} fill="none" stroke={peerColor} strokeWidth={2} strokeDasharray="6 4" rx={8} /> : null}
      {selected ? (
        <>
          <rect x={x - 4} y={y - 4} width={width + 8} height={height + 8} fill="none" stroke="var(--accent)" strokeWidth={2} rx={8} pointerEvents="none" />
          {readOnly ? null : (
            <rect
              x={x + width - 2}
              y={y + height - 2}
              width={12}
              height={12}
              rx={2}
              fill="var(--surface)"
              stroke="var(--accent)"
              strokeWidth={2}
              className="cursor-nwse-resize"
              onPointerDown={onHandlePointerDown}
              aria-label="Resize"
            />
          )}
        </>
      ) : null}
    </g>
  );
}

function PeerPointer({ peer }: { peer: Peer }) {
  const { x, y } = peer.pointer!;
  return (
    <g transform={`translate(${x} ${y})`} pointerEvents="none" data-testid="peer-pointer" aria-label={`${peer.user.name}’s pointer`}>
      <path d="M0 0 L0 18 L5 13 L9 22 L12 21 L8 12 L15 12 Z" fill={peer.user.color} stroke="white" strokeWidth={1.2} />
      <g transform="translate(14 18)">
        <rect height={20} width={peer.user.name.length * 7.2 + 12} rx={5} fill={peer.user.color} />
        <text x={6} y={14} fontSize={12} fontWeight={600} fill={textColorOn(peer.user.color)}>
          {peer.user.name}
        </text>
      </g>
    </g>
  );
}

function SelectionControls({ shape, onChange, onFront, onDelete }: { shape: BoardShape; onChange: (changes: Partial<BoardShape>) => void; onFront: () => void; onDelete: () => void }) {
  return (
    <div className="ml-auto flex flex-wrap items-center gap-1" aria-label="Selected shape">
      <span className="mr-1 text-xs text-muted">{shape.kind === 'text' ? 'Text colour' : 'Fill'}</span>
      {FILLS.map((fill) => (
        <button
          key={fill}
          type="button"
          aria-label={`Colour ${fill}`}
          aria-pressed={shape.fill === fill}
          onClick={() => onChange({ fill })}
          className={cx('size-6 rounded-full border focus-visible:ring-2 focus-visible:ring-accent focus-visible:outline-none', shape.fill === fill ? 'border-accent ring-2 ring-accent/40' : 'border-border')}
          style={{ background: fill === 'transparent' ? 'repeating-conic-gradient(var(--border) 0 25%, transparent 0 50%) 50% / 8px 8px' : fill }}
        />
      ))}
      <Button size="sm" variant="ghost" onClick={onFront} icon={<DocIcon name="bringForward" />}>
        Front
      </Button>
      <Button size="sm" variant="ghost" onClick={onDelete}>
        Delete
      </Button>
    </div>
  );
}

function ImageDialog({ at, onClose, onAdd }: { at: Point | null; onClose: () => void; onAdd: (src: string, at: Point) => void }) {
  const [src, setSrc] = useState('');
  return (
    <Dialog
      open={at !== null}
      onClose={onClose}
      title="Place an image"
      description="Paste the link of an image stored in this workspace (for example a project file’s preview link); it is placed where you clicked."
      footer={
        <Button type="submit" form="board-image-form" disabled={!src.trim().startsWith('/')}>
          Place image
        </Button>
      }
    >
      <form
        id="board-image-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (at) onAdd(src.trim(), at);
          setSrc('');
          onClose();
        }}
      >
        <Input label="Image address" value={src} onChange={(event) => setSrc(event.target.value)} placeholder="/storage/…/moodboard.jpg" autoFocus />
      </form>
    </Dialog>
  );
}
