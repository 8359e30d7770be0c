// Response of the selection preview (lib/actions/selection.ts): every selected queue per node.
import { z } from 'zod';
import { selectionActionSchema } from '@/lib/actions/selection-schema';
import { previewNodeSchema, previewTotalSchema } from './actions';
import { str } from './shared';

export const selectionPreviewResponseSchema = z.object({
  action: selectionActionSchema,
  confirmText: str,
  command: str,
  nodes: z.array(previewNodeSchema),
  total: previewTotalSchema,
});
