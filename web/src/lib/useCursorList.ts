import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { api } from './api.ts';
import type { Page } from './types.ts';

/** A cursor-paginated list: every loaded item in order, and a way to load the next page. */
export function useCursorList<T>(queryKey: QueryKey, path: string, options: { enabled?: boolean; refetchInterval?: number } = {}) {
  const separator = path.includes('?') ? '&' : '?';
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => api.get<Page<T>>(pageParam ? `${path}${separator}cursor=${encodeURIComponent(pageParam)}` : path),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled,
    refetchInterval: options.refetchInterval,
  });
  return {
    ...query,
    items: query.data?.pages.flatMap((page) => page.items) ?? [],
  };
}
