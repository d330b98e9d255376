import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Channel, Message } from '../../../../../common/studio-messaging.ts';
import { useSession } from '../../../app/session.tsx';
import { errorMessage } from '../../../lib/forms.ts';
import { useNamespace, useSocketConnected } from '../../../lib/socket.ts';
import { Alert, Dialog, Icon, Spinner, cx, useToast } from '../../../lib/ui/index.ts';
import { useProjectContext } from '../project-context.ts';
import { useProjectMembers } from '../queries.ts';
import { chatApi, chatKeys } from './api.ts';
import { Avatar, PresenceDot } from './Avatar.tsx';
import { ChannelList } from './ChannelList.tsx';
import { Conversation } from './Conversation.tsx';
import { MessageBody } from './MessageBody.tsx';
import { SearchPanel } from './SearchPanel.tsx';
import { useChatRealtime } from './useChatRealtime.ts';

/** The project's chat: conversations on the left, messages in the middle, a thread or search on the right. */
export function ChatPage() {
  const { state } = useSession();
  if (state.status !== 'signed-in') return <Spinner label="Loading…" />;
  return <ChatWorkspace me={state.user} />;
}

function ChatWorkspace({ me }: { me: { id: string; email: string; displayName: string } }) {
  const { project, can } = useProjectContext();
  const socket = useNamespace('/messaging');
  const online = useSocketConnected(socket);
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const toast = useToast();
  const members = useProjectMembers(project.id);
  const [openedRoot, setThreadRoot] = useState<Message | null>(null);
  const [searching, setSearching] = useState(false);
  const [choosingPerson, setChoosingPerson] = useState(false);

  const channelParam = params.get('channel');
  const threadId = params.get('thread');
  // A thread opened from a link or a search hit loads its first message; one opened by a click already has it.
  const fetchedRoot = useQuery({
    queryKey: ['chat', 'message', threadId],
    queryFn: () => chatApi.message(threadId!),
    enabled: Boolean(threadId) && openedRoot?.id !== threadId,
  });
  const threadRoot = openedRoot?.id === threadId ? openedRoot : (fetchedRoot.data ?? null);
  const { channels, presence, typing } = useChatRealtime(socket, project.id, me.id, channelParam);
  const list = useMemo(() => channels.data ?? [], [channels.data]);
  const active = list.find((channel) => channel.id === channelParam) ?? null;
  const people = useMemo(() => (members.data ?? []).map((member) => member.user), [members.data]);

  const open = (channelId: string, thread: string | null = null) => {
    const next = new URLSearchParams();
    next.set('channel', channelId);
    if (thread) next.set('thread', thread);
    setParams(next);
  };

  // Reading the conversation on screen moves the read position to its end.
  useEffect(() => {
    if (!active || !online || active.lastSequence <= active.lastReadSequence || document.visibilityState !== 'visible') return;
    void socket.emitWithAck('chat:read', { channelId: active.id, sequence: active.lastSequence });
  }, [active, online, socket]);

  // Desktop opens the project channel straight away; phones start from the list.
  useEffect(() => {
    if (!channelParam && list[0] && window.matchMedia('(min-width: 768px)').matches) {
      setParams({ channel: list[0].id }, { replace: true });
    }
  }, [channelParam, list, setParams]);

  const startDirect = async (userId: string) => {
    setChoosingPerson(false);
    try {
      const channel = await chatApi.openDirect(project.id, userId);
      queryClient.setQueryData<Channel[]>(chatKeys.channels(project.id), (current) => (current?.some((c) => c.id === channel.id) ? current : [...(current ?? []), channel]));
      void socket.emitWithAck('chat:join', { channelId: channel.id });
      open(channel.id);
    } catch (err) {
      toast(errorMessage(err), 'danger');
    }
  };

  if (channels.isPending) return <Spinner label="Loading conversations…" />;
  if (channels.isError) return <Alert tone="danger">{errorMessage(channels.error)}</Alert>;

  const other = active?.kind === 'direct' ? active.participants.find((person) => person.id !== me.id) : undefined;
  const sidePanel = searching ? 'search' : threadId && active ? 'thread' : null;
  const canContribute = can('contribute');

  return (
    <div className="-mx-4 flex h-[calc(100dvh-12.5rem)] min-h-[26rem] overflow-hidden border-y border-border bg-surface sm:mx-0 sm:rounded-xl sm:border lg:h-[calc(100dvh-15rem)]">
      <aside className={cx('w-full shrink-0 overflow-y-auto border-border md:w-60 md:border-r', active ? 'hidden' : 'block', sidePanel ? 'xl:block' : 'md:block')}>
        <div className="flex h-12 items-center justify-between border-b border-border px-3">
          <span className="flex items-center gap-2 text-sm font-semibold">
            Chat
            <span className={cx('text-xs font-normal', online ? 'text-success' : 'text-warning')}>{online ? '' : 'Reconnecting…'}</span>
          </span>
          <button type="button" onClick={() => setSearching(true)} aria-label="Search messages" className="rounded p-1.5 text-muted hover:bg-surface-muted hover:text-fg md:hidden">
            <Icon name="search" className="size-4" />
          </button>
        </div>
        <ChannelList channels={list} activeId={active?.id ?? null} meId={me.id} presence={presence} onOpen={(id) => open(id)} onNewDirect={canContribute ? () => setChoosingPerson(true) : undefined} />
      </aside>

      {active ? (
        <section aria-label={active.kind === 'project' ? '#general' : active.name} className={cx('min-w-0 flex-1 flex-col', sidePanel ? 'hidden lg:flex' : 'flex')}>
          <header className="flex h-12 shrink-0 items-center gap-2 border-b border-border px-3">
            <button type="button" onClick={() => setParams({})} aria-label="Back to conversations" className="rounded p-1.5 text-muted hover:bg-surface-muted md:hidden">
              <Icon name="arrowLeft" className="size-4" />
            </button>
            {active.kind === 'project' ? <span className="text-muted">#</span> : other ? <Avatar id={other.id} name={other.displayName} size="sm" status={presence[other.id] ?? 'offline'} /> : null}
            <h2 className="truncate text-sm font-semibold">{active.name}</h2>
            {active.kind === 'project' && !sidePanel ? <span className="hidden truncate text-xs text-muted sm:inline">Everyone in {project.name}</span> : null}
            <OnlineFaces people={people} presence={presence} />
            <button type="button" onClick={() => setSearching(true)} aria-label="Search messages" className="rounded p-1.5 text-muted hover:bg-surface-muted hover:text-fg">
              <Icon name="search" className="size-4" />
            </button>
          </header>
          {online ? null : <p className="bg-warning-soft px-3 py-1 text-xs text-warning">Connection lost — reconnecting. Messages you missed will appear.</p>}
          <Conversation
            key={active.id}
            socket={socket}
            projectId={project.id}
            channelId={active.id}
            me={me}
            people={people}
            presence={presence}
            typing={typing}
            canContribute={canContribute}
            canModerate={can('moderate')}
            placeholder={active.kind === 'project' ? 'Message #general' : `Message ${active.name}`}
            empty={active.kind === 'project' ? 'No messages yet. Say hello to the team!' : `This is the start of your conversation with ${active.name}.`}
            label={`Messages in ${active.name}`}
            onOpenThread={(message) => {
              setThreadRoot(message);
              setSearching(false);
              open(active.id, message.id);
            }}
          />
        </section>
      ) : (
        <div className="hidden flex-1 items-center justify-center text-sm text-muted md:flex">Pick a conversation.</div>
      )}

      {sidePanel ? (
        <aside className="flex w-full min-w-0 flex-col border-border lg:w-96 lg:shrink-0 lg:border-l">
          {sidePanel === 'search' ? (
            <SearchPanel
              projectId={project.id}
              onClose={() => setSearching(false)}
              onOpen={(hit) => {
                setSearching(false);
                setThreadRoot(hit.message.parentId ? null : hit.message);
                open(hit.message.channelId, hit.message.parentId);
              }}
            />
          ) : active && threadId ? (
            <section aria-label="Thread" className="flex min-h-0 flex-1 flex-col">
              <header className="flex h-12 shrink-0 items-center justify-between border-b border-border px-3">
                <h2 className="text-sm font-semibold">
                  Thread <span className="font-normal text-muted">in {active.kind === 'project' ? '#general' : active.name}</span>
                </h2>
                <button type="button" onClick={() => open(active.id)} aria-label="Close thread" className="rounded p-1.5 text-muted hover:bg-surface-muted hover:text-fg">
                  <Icon name="close" className="size-4" />
                </button>
              </header>
              {threadRoot?.id === threadId ? (
                <div className="border-b border-border px-4 py-3">
                  <div className="flex items-center gap-2 text-sm">
                    <Avatar id={threadRoot.author?.id ?? threadRoot.id} name={threadRoot.author?.displayName ?? 'Former member'} size="sm" />
                    <span className="font-semibold">{threadRoot.author?.displayName ?? 'Former member'}</span>
                  </div>
                  <div className="mt-1">
                    {threadRoot.deletedAt ? <p className="text-sm text-muted italic">This message was deleted.</p> : <MessageBody body={threadRoot.body} meId={me.id} />}
                  </div>
                </div>
              ) : null}
              <Conversation
                key={threadId}
                socket={socket}
                projectId={project.id}
                channelId={active.id}
                parentId={threadId}
                me={me}
                people={people}
                presence={presence}
                typing={typing}
                canContribute={canContribute}
                canModerate={can('moderate')}
                placeholder="Reply…"
                empty="No replies yet."
                label="Replies"
              />
            </section>
          ) : null}
        </aside>
      ) : null}

      <Dialog open={choosingPerson} onClose={() => setChoosingPerson(false)} title="New direct message" description="Start a private conversation with someone in this project.">
        <ul className="max-h-80 space-y-1 overflow-y-auto">
          {people
            .filter((person) => person.id !== me.id)
            .map((person) => (
              <li key={person.id}>
                <button type="button" onClick={() => void startDirect(person.id)} className="flex w-full items-center gap-3 rounded-lg p-2 text-left hover:bg-surface-muted">
                  <Avatar id={person.id} name={person.displayName} size="sm" status={presence[person.id] ?? 'offline'} />
                  <span className="min-w-0">
                    <span className="block truncate text-sm font-medium">{person.displayName}</span>
                    <span className="block truncate text-xs text-muted">{person.email}</span>
                  </span>
                </button>
              </li>
            ))}
        </ul>
      </Dialog>
    </div>
  );
}

/** Up to four people of the project who are here now. */
function OnlineFaces({ people, presence }: { people: { id: string; displayName: string }[]; presence: Record<string, string> }) {
  const here = people.filter((person) => presence[person.id] === 'online' || presence[person.id] === 'away');
  if (here.length === 0) return <span className="ml-auto" />;
  return (
    <span className="ml-auto flex shrink-0 items-center gap-1.5 text-xs whitespace-nowrap text-muted" title={here.map((person) => person.displayName).join(', ')}>
      <PresenceDot status="online" />
      <span className="hidden sm:inline">{here.length} here</span>
    </span>
  );
}
