export const menuContent = 'z-50 rounded-lg border border-border bg-surface p-1 text-sm text-fg shadow-lg';
export const menuItem =
  'flex cursor-pointer select-none items-center gap-2 rounded-md px-2 py-1.5 outline-none data-[highlighted]:bg-surface-muted data-[highlighted]:text-fg';
