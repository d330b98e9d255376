import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertEvent, AlertRule, AlertRuleWithSecret, AlertSilence, CreateAlertRuleBody } from '../../../../../common/dashboards-alerts.ts';
import { api } from '../../../lib/api.ts';

export const alertKeys = {
  rules: (orgId: string) => ['orgs', orgId, 'alert-rules'] as const,
  rule: (ruleId: string) => ['alert-rules', ruleId] as const,
  silences: (orgId: string) => ['orgs', orgId, 'alert-silences'] as const,
};

/** Rules refresh every minute, as often as the job evaluates them. */
export function useAlertRules(orgId: string) {
  return useQuery({
    queryKey: alertKeys.rules(orgId),
    queryFn: async () => (await api.get<{ items: AlertRule[] }>(`/orgs/${orgId}/alert-rules`)).items,
    refetchInterval: 60_000,
  });
}

export function useAlertHistory(ruleId: string) {
  return useQuery({ queryKey: alertKeys.rule(ruleId), queryFn: () => api.get<{ rule: AlertRule; events: AlertEvent[] }>(`/alert-rules/${ruleId}`) });
}

export function useCreateAlertRule(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAlertRuleBody) => api.post<AlertRuleWithSecret>(`/orgs/${orgId}/alert-rules`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: alertKeys.rules(orgId) }),
  });
}

export function useDeleteAlertRule(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) => api.delete(`/alert-rules/${ruleId}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: alertKeys.rules(orgId) }),
  });
}

export function useAlertSilences(orgId: string) {
  return useQuery({
    queryKey: alertKeys.silences(orgId),
    queryFn: async () => (await api.get<{ items: AlertSilence[] }>(`/orgs/${orgId}/alert-silences`)).items,
    refetchInterval: 60_000,
  });
}

/** Silences one rule, or every rule of the organisation when `ruleId` is null. */
export function useSilenceRule(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ruleId, hours, reason }: { ruleId: string | null; hours: number; reason?: string }) =>
      api.post<AlertSilence>(`/orgs/${orgId}/alert-silences`, { ...(ruleId ? { ruleId } : {}), endsAt: new Date(Date.now() + hours * 3_600_000).toISOString(), reason }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.rules(orgId) });
      void queryClient.invalidateQueries({ queryKey: alertKeys.silences(orgId) });
    },
  });
}

export function useEndSilence(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (silenceId: string) => api.delete(`/alert-silences/${silenceId}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.rules(orgId) });
      void queryClient.invalidateQueries({ queryKey: alertKeys.silences(orgId) });
    },
  });
}

export function useRotateWebhookSecret() {
  return useMutation({ mutationFn: (ruleId: string) => api.post<AlertRuleWithSecret>(`/alert-rules/${ruleId}/webhook-secret`) });
}
